"""NumPy's own names that ``dualtape.numpy`` re-exports unchanged, by why that is safe.

Each group is NumPy's objects of one kind that either take no array values
(constants, dtypes, shapes, file names, integer sizes) or refuse a dualtape
value: NumPy converts its arguments with ``np.asarray`` or hands them to the
value's ``__array_ufunc__``/``__array_function__``, and a dualtape value
refuses both with an error that names the differentiable spelling.  So none
of them can silently drop a derivative.
"""
import numpy as np

__all__ = ["PASS_THROUGH", "AVAILABLE"]

# reason -> names of NumPy objects re-exported unchanged
PASS_THROUGH = {
    "constants": [
        "e", "pi", "inf", "nan", "newaxis", "euler_gamma", "little_endian", "False_", "True_",
        "ScalarType", "sctypeDict", "typecodes"],
    "scalar types and dtypes (a dualtape value given to one raises rather than lose its "
    "derivative)": [
        "bool", "bool_", "byte", "bytes_", "cdouble", "character", "clongdouble", "complex128",
        "complex256", "complex64", "complexfloating", "csingle", "double", "flexible",
        "float128", "float16", "float32", "float64", "floating", "generic", "half", "inexact",
        "int16", "int32", "int64", "int8", "int_", "intc", "integer", "intp", "long",
        "longdouble", "longlong", "number", "object_", "short", "signedinteger", "single",
        "str_", "ubyte", "uint", "uint16", "uint32", "uint64", "uint8", "uintc", "uintp", "ulong",
        "ulonglong", "unsignedinteger", "ushort", "void", "dtype", "finfo", "iinfo",
        "promote_types", "isdtype", "issubdtype", "typename"],
    "NumPy's classes (for isinstance checks, containers, iterators, the matrix class and "
    "ufuncs made from Python functions): they refuse dualtape values": [
        "ndarray", "ufunc", "broadcast", "flatiter", "nditer", "nested_iters", "ndenumerate",
        "ndindex", "matrix", "asmatrix", "bmat", "memmap", "recarray", "record",
        "errstate", "busdaycalendar", "frompyfunc"],
    "submodules of plain data, text, randomness and tooling (`random` draws plain numbers)": [
        "random", "ma", "char", "strings", "rec", "ctypeslib", "dtypes", "exceptions", "f2py",
        "lib", "testing", "typing", "core", "emath", "polynomial"],
    "index tricks built from plain numbers and slices": [
        "mgrid", "ogrid", "r_", "c_", "s_", "index_exp"],
    "constant arrays from shapes and sizes": [
        "zeros", "ones", "empty", "eye", "identity", "tri", "indices", "diag_indices",
        "tril_indices", "triu_indices", "mask_indices", "bartlett", "blackman", "hamming",
        "hanning", "kaiser", "broadcast_shapes"],
    "`fromfunction` calls your function on index arrays and returns its result as it is": [
        "fromfunction"],
    "`poly1d` keeps its coefficients and computes with NumPy functions, which dualtape "
    "coefficients route to the table (its evaluation, arithmetic and `deriv` are "
    "differentiable; printing one is not)": ["poly1d"],
    "integer and bit ufuncs: integer arithmetic has no derivative": [
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_invert",
        "bitwise_count", "bitwise_left_shift", "bitwise_right_shift", "invert", "left_shift",
        "right_shift", "gcd", "lcm", "packbits", "unpackbits"],
    "dates and times": [
        "busday_count", "busday_offset", "is_busday", "datetime_as_string", "datetime_data",
        "datetime64", "timedelta64"],
    "reading and writing files and buffers (writing a dualtape value raises)": [
        "frombuffer", "fromfile", "fromiter", "fromstring", "fromregex", "genfromtxt", "loadtxt",
        "load", "save", "savetxt", "savez", "savez_compressed", "from_dlpack"],
    "printing, error handling and configuration": [
        "set_printoptions", "get_printoptions", "printoptions", "setbufsize", "getbufsize",
        "seterr", "geterr", "seterrcall", "geterrcall", "format_float_positional",
        "format_float_scientific", "base_repr", "binary_repr", "info", "show_config",
        "show_runtime", "test", "get_include"],
}

# Names a NumPy build may lack (float128 and complex256 are platform-dependent).
AVAILABLE = {reason: [n for n in names if hasattr(np, n)] for reason, names in PASS_THROUGH.items()}
