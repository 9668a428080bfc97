// The slice of the WebAssembly JS API this project uses. TypeScript declares it only in its DOM
// library and @types/node not at all; importing this module makes it visible to every package
// that uses core's WebAssembly kernels.
declare global {
  namespace WebAssembly {
    interface MemoryDescriptor {
      /** Pages of 64 KiB. */
      initial: number;
      maximum?: number;
      shared?: boolean;
    }
    interface Memory {
      readonly buffer: ArrayBuffer | SharedArrayBuffer;
      grow(deltaPages: number): number;
    }
    var Memory: { prototype: Memory; new (descriptor: MemoryDescriptor): Memory };
    interface Module {}
    var Module: { prototype: Module; new (bytes: ArrayBufferView | ArrayBuffer): Module };
    interface Instance {
      readonly exports: Record<string, unknown>;
    }
    var Instance: {
      prototype: Instance;
      new (module: Module, imports?: Record<string, Record<string, unknown>>): Instance;
    };
    /** An exported global, e.g. the layer kernels' activation codes. */
    interface Global {
      readonly value: unknown;
    }
    var Global: {
      prototype: Global;
      new (descriptor: { value: string; mutable?: boolean }, v?: number): Global;
    };
    function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
  }
}

export {};
