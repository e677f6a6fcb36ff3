//! Where each spec's artifacts go: the files, and the Rust paths the generated code and the
//! docs' snippets use. Its own module so that `codegen` and the generators both read it
//! without importing each other.

/// Where one spec's artifacts go, relative to the workspace root, and the Rust paths the
/// generated code and the docs' snippets use.
pub struct Layout {
    pub spec: &'static str,
    pub types_file: &'static str,
    pub client_file: &'static str,
    pub server_file: &'static str,
    /// The folder of the Markdown and OpenAPI docs.
    pub docs_dir: &'static str,
    pub paths: RustPaths,
}

/// Rust paths, each as seen from where it is written.
pub struct RustPaths {
    /// The generated types, from the client and server files.
    pub types: &'static str,
    /// The runtime contract of each artifact: the `__codegen` module its file names,
    /// and nothing else of the runtime.
    pub types_runtime: &'static str,
    pub client_runtime: &'static str,
    pub server_runtime: &'static str,
    /// The generated types and the server's traits as a user of the crates names them, for
    /// the docs' Rust snippets.
    pub public_types: &'static str,
    pub public_server: &'static str,
    /// The module of the generated `Client`; where the dates and JSON types are; the
    /// types as the server's users name them; the server's runtime (`Authenticate`,
    /// `Context`).
    pub public_client: &'static str,
    pub public_dates: &'static str,
    pub public_server_types: &'static str,
    pub public_server_runtime: &'static str,
}

/// The real API, then the fixture specs whose output is compiled in `crates/codegen-fixtures`.
pub const LAYOUTS: &[Layout] = &[
    Layout {
        spec: "spec/api.yaml",
        types_file: "crates/centiacrm-types/src/generated.rs",
        client_file: "crates/centiacrm-client/src/generated.rs",
        server_file: "crates/centiacrm-server/src/generated.rs",
        docs_dir: "docs",
        paths: RustPaths {
            types: "centiacrm_types",
            types_runtime: "crate::__codegen",
            client_runtime: "crate::__codegen",
            server_runtime: "crate::__codegen",
            public_types: "centiacrm_client::types",
            public_server: "centiacrm_server",
            public_client: "centiacrm_client",
            public_dates: "centiacrm_client::types",
            public_server_types: "centiacrm_server::types",
            public_server_runtime: "centiacrm_server",
        },
    },
    Layout {
        spec: "xtask/tests/specs/good/features.yaml",
        types_file: "crates/codegen-fixtures/src/features/types.rs",
        client_file: "crates/codegen-fixtures/src/features/client.rs",
        server_file: "crates/codegen-fixtures/src/features/server.rs",
        docs_dir: "crates/codegen-fixtures/docs",
        paths: RustPaths {
            types: "crate::features::types",
            types_runtime: "centiacrm_types::__codegen",
            client_runtime: "centiacrm_client::__codegen",
            server_runtime: "centiacrm_server::__codegen",
            public_types: "codegen_fixtures::features::types",
            public_server: "codegen_fixtures::features::server",
            public_client: "codegen_fixtures::features::client",
            public_dates: "centiacrm_types",
            public_server_types: "codegen_fixtures::features::types",
            public_server_runtime: "centiacrm_server",
        },
    },
];
