"""Which BLAS this Python process has loaded, for the peers' notes: the shared library mapped
after a matrix product (/proc/self/maps, Linux) and, for OpenBLAS, the kernels it picked
(openblas_get_corename) and its thread count. Call after numpy or torch has run a product."""

import ctypes


def blas_info():
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    except OSError:
        return {"library": None}
    # The implementation, not the libblas.so.3 alternative's front (which is OpenBLAS too when it is).
    library = next((p for p in paths if "openblas" in p.rsplit("/", 1)[-1]), paths[0] if paths else None)
    info = {"library": library}
    if library:
        try:
            lib = ctypes.CDLL(library)
        except OSError:
            return info
        # OpenBLAS's own names, or scipy-openblas's (pip's NumPy) prefixed and suffixed ones.
        for prefix, suffix in (("openblas_", ""), ("scipy_openblas_", "64_"), ("scipy_openblas_", "")):
            try:
                corename = getattr(lib, f"{prefix}get_corename{suffix}")
                config = getattr(lib, f"{prefix}get_config{suffix}")
                threads = getattr(lib, f"{prefix}get_num_threads{suffix}")
            except AttributeError:
                continue
            corename.restype = config.restype = ctypes.c_char_p
            info.update(corename=corename().decode(), config=config().decode(), threads=threads())
            break
    return info
