// The slice of the WebAssembly JS API this project uses. TypeScript declares it only in its DOM
// library and @types/node 20 not at all. The types stay local to this module (import them, with
// the runtime object, as `WebAssembly`): a global declaration would clash with a consumer's DOM
// library or newer @types/node, which declare `WebAssembly` with other signatures.

/** The WebAssembly types this project uses (a subset of the JS API, local to this module). */
export namespace WebAssembly {
  /** What `new WebAssembly.Memory()` takes. */
  export interface MemoryDescriptor {
    /** Pages of 64 KiB. */
    initial: number;
    /** The most pages the memory may grow to. */
    maximum?: number;
    /** Whether the memory is a SharedArrayBuffer that worker threads share. */
    shared?: boolean;
  }
  /** A linear memory. */
  export interface Memory {
    /** The memory's bytes (a SharedArrayBuffer for a shared memory). */
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    /** Grows the memory by `deltaPages`; returns the old size in pages. */
    grow(deltaPages: number): number;
  }
  /** A compiled module: compile once and share, a Module can be posted to worker threads. */
  // biome-ignore lint/suspicious/noEmptyInterface: an opaque handle, as in the JS API
  export interface Module {}
  /** An instantiated module. */
  export interface Instance {
    /** The instance's exports by name. */
    readonly exports: Record<string, unknown>;
  }
  /** An exported global, e.g. the layer kernels' activation codes. */
  export interface Global {
    /** The global's value. */
    readonly value: unknown;
  }
}

/** The WebAssembly constructors and functions this project calls (the type of `WebAssembly`). */
export interface WebAssemblyApi {
  /** Creates a linear memory. */
  readonly Memory: {
    /** A memory of `descriptor.initial` pages. */
    new (descriptor: WebAssembly.MemoryDescriptor): WebAssembly.Memory;
  };
  /** Compiles a module from its bytes (synchronously). */
  readonly Module: {
    /** The compiled module; throws where this runtime rejects the bytes. */
    new (bytes: ArrayBufferView | ArrayBuffer): WebAssembly.Module;
  };
  /** Instantiates a compiled module with its imports. */
  readonly Instance: {
    /** The instance, its imports (e.g. `env.memory`) bound. */
    new (module: WebAssembly.Module, imports?: Record<string, Record<string, unknown>>): WebAssembly.Instance;
  };
  /** Creates a global (and is what an exported global is an instance of). */
  readonly Global: {
    /** A global of `descriptor.value` type holding `v`. */
    new (descriptor: { value: string; mutable?: boolean }, v?: number): WebAssembly.Global;
  };
  /** Whether this runtime accepts the module bytes (e.g. SIMD, relaxed SIMD). */
  validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}

/** The runtime's WebAssembly object, typed by the slice above. */
export const WebAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
