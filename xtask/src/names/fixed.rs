//! Names the generated code defines itself. The generators emit these constants, and the
//! validator keeps the names derived from the spec off them.

/// The client type.
pub const CLIENT: &str = "Client";
/// The server type.
pub const SERVER: &str = "Server";
/// The trait that gathers every namespace trait.
pub const API: &str = "Api";
/// The variant that response-side enums use for values this spec does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";
/// The types' enum of every declared error code, transport and method errors alike.
pub const ERROR_CODE: &str = "ErrorCode";
/// Its variant for a code this spec does not declare (a newer server's).
pub const OTHER_CODE_VARIANT: &str = "Other";
/// Names a namespace's handle (client) or trait (server) would clash with.
pub const RESERVED_NAMESPACES: [&str; 3] = [CLIENT, SERVER, API];
/// The client's base URL constant.
pub const DEFAULT_BASE_URL: &str = "DEFAULT_BASE_URL";
/// The client's constant naming the API version it was generated for.
pub const API_VERSION: &str = "API_VERSION";
/// The server's list of namespace paths.
pub const NAMESPACE_PATHS: &str = "NAMESPACE_PATHS";
/// The types' function that visits every method.
pub const VISIT_METHODS: &str = "visit_methods";
/// The function of every parameters, response and named struct that starts its builder.
pub const BUILDER: &str = "builder";
/// The builder method that makes the struct once every required field is set.
pub const BUILD: &str = "build";
/// What the client file imports from the client runtime, next to its own items.
pub const CLIENT_IMPORTS: [&str; 3] = ["ClientBuilder", "Error", "Transport"];
/// What the server file imports from the server runtime, next to its own items.
pub const SERVER_IMPORTS: [&str; 6] = [
    "ApiError",
    "Authenticate",
    "Call",
    "Context",
    "Dispatcher",
    "Reply",
];
/// The client's own methods, next to its namespace accessors and token shortcuts.
pub const CLIENT_METHODS: [&str; 4] = ["new", "builder", "transport", "set_token"];
/// What every namespace trait inherits from `Authenticate`.
pub const AUTHENTICATE_ITEMS: [&str; 2] = ["Principal", "authenticate"];
/// The server's constants of error statuses, next to [`NAMESPACE_PATHS`].
pub const ERROR_CONSTANTS: [&str; 2] = ["TRANSPORT_ERRORS", "METHOD_ERRORS"];
/// The server's type parameter for the implementation it serves: `Server<S>`.
pub const SERVICE_PARAM: &str = "S";
/// The server's module of error types.
pub const ERRORS_MODULE: &str = "errors";
/// What the errors module imports from the server runtime.
pub const ERRORS_IMPORTS: [&str; 2] = ["ApiError", "StatusCode"];
/// The errors module's function from a status number to a `StatusCode`.
pub const ERROR_STATUS: &str = "status";
/// The error every method may answer, next to the spec's.
pub const INTERNAL_ERROR: &str = "Internal";
/// The constructors of every method's error type, next to one per error it lists.
pub const METHOD_ERROR_CONSTRUCTORS: [&str; 2] = ["internal", "not_implemented"];
/// The associated functions serde's `remote = "Self"` derive gives every struct.
pub const SERDE_FUNCTIONS: [&str; 2] = ["serialize", "deserialize"];
/// Names the generated code writes unqualified in every file and module, which an item
/// of the same name would shadow: the prelude's, the primitive types and the crates.
pub const UNQUALIFIED: [&str; 20] = [
    "std", "serde", "String", "Vec", "Option", "Some", "None", "Result", "Ok", "Err", "From",
    "Into", "Send", "Sync", "bool", "i64", "f64", "str", "u16", "usize",
];
/// The server file's import from `std`, next to the runtime's.
pub const SERVER_STD_IMPORTS: [&str; 1] = ["Future"];
/// The items of each runtime crate's root, where the generated items are re-exported: a
/// generated item of the same name would be shadowed (in the types crate, the client and
/// the server would then reach the hand-written one). A test checks them against each
/// crate's `lib.rs`.
pub const TYPES_CRATE_ITEMS: &[&str] = &[
    "ApiMethod",
    "DateBuilder",
    "DateError",
    "DayMonthYear",
    "Invalid",
    "IsoDate",
    "JsonObject",
    "JsonValue",
    "MethodVisitor",
    "NoParams",
    "Page",
    "Paginated",
    "Unset",
    "Validate",
    "__codegen",
    "date",
    "generated",
    "validate",
    "wire",
];
pub const CLIENT_CRATE_ITEMS: &[&str] = &[
    "AsyncMiddleware",
    "CallOptions",
    "ClientBuilder",
    "DEFAULT_TIMEOUT",
    "Error",
    "ErrorCode",
    "ItemStream",
    "ListPage",
    "Middleware",
    "PageStream",
    "REQUEST_ID_HEADER",
    "RetryPolicy",
    "Transport",
    "__codegen",
    "codec",
    "error",
    "generated",
    "middleware",
    "pages",
    "transport",
    "types",
];
pub const SERVER_CRATE_ITEMS: &[&str] = &[
    "ApiError",
    "Authenticate",
    "Call",
    "Context",
    "DEFAULT_BODY_LIMIT",
    "Dispatcher",
    "Limits",
    "MAX_ECHO_CHARS",
    "MAX_MESSAGE_CHARS",
    "MAX_REQUEST_ID_LEN",
    "NotImplemented",
    "REQUEST_ID_HEADER",
    "Reply",
    "Serve",
    "Service",
    "StatusCode",
    "__codegen",
    "dispatch",
    "generated",
    "request_id",
    "router",
    "runtime",
    "serve",
    "set_request_id",
    "text",
    "types",
];
