//! The Markdown outside the published crates, with its Rust snippets as doctests: a
//! snippet that does not compile fails `cargo test`. (Each published crate's README is
//! its own crate documentation, and so tested with it; the fixtures' docs are tested in
//! `crates/codegen-fixtures`.)

/// Each Markdown file as the documentation of an empty module, so that rustdoc compiles
/// its `rust` blocks.
macro_rules! pages {
    ($($module:ident: $path:literal,)*) => {
        $(
            #[doc = include_str!(concat!("../../../", $path))]
            pub mod $module {}
        )*
        /// The files compiled, from the workspace root.
        pub const PAGES: &[&str] = &[$($path),*];
    };
}

pages! {
    readme: "README.md",
    docs_index: "docs/README.md",
    docs_auth: "docs/auth.md",
    docs_profiles: "docs/profiles.md",
    docs_companies: "docs/companies.md",
    docs_contacts: "docs/contacts.md",
    docs_products: "docs/products.md",
    docs_opportunities: "docs/opportunities.md",
    docs_tickets: "docs/tickets.md",
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// A page added to docs/ (a new namespace) is compiled too, or this fails.
    #[test]
    fn every_page_of_docs_is_compiled() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut pages: Vec<String> = std::fs::read_dir(root.join("docs"))
            .expect("docs/")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".md"))
            .map(|name| format!("docs/{name}"))
            .collect();
        pages.sort();
        let mut compiled: Vec<String> = super::PAGES
            .iter()
            .filter(|page| page.starts_with("docs/"))
            .map(|page| page.to_string())
            .collect();
        compiled.sort();
        assert_eq!(pages, compiled);
    }
}
