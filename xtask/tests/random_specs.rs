//! Random valid specs give Rust that parses and defines no name twice; a sample compiles.
//!
//! Seeded and bounded, so a failure replays: each spec comes from its own seed, printed
//! with the spec on failure. Names are drawn from parts that make them tricky (keywords,
//! names differing only by case or underscores, `Stream`/`Pages`/`Params` suffixes,
//! digits, names the generated code or the runtime uses), so many specs are rejected and
//! the rest is what the validator lets through. The check of the output reads the Rust
//! itself, not the names view, so it would see a name the view forgets. Every text field
//! (docs, summaries, notes, `when`, patterns) holds non-ASCII text, and the generators
//! must not panic on any spec that validates.
//!
//! The compiling part (`random_specs_compile`, ignored; `.ci/run` runs it) writes a few
//! of them into one temporary crate on the real runtime crates and runs `cargo check`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use quote::ToTokens;
use test_support::Rng;
use xtask::codegen::{Layout, Output, RustPaths};

/// Parts of names, space-separated: words that make names collide or need escaping.
const PARTS: &str = "get Get item Items company Companies list x y2 a_b stream Stream pages \
    Pages params Params response Response error Error builder Builder build type self Self \
    super crate fn async r0 R1 2 string String option Some client Client server api Unknown \
    serialize new transport Future wire std serde internal status errors page token ctx \
    params_builder ITEM iTem";

/// Plain parts, so that most names are fine and specs validate often enough.
const PLAIN: &str = "alpha beta gamma delta omega north south red blue green";

/// Suffixes of the names the generators derive from a method's: a method named like one
/// of a sibling's derived names.
const DERIVED: &[&str] = &[
    "Stream",
    "_stream",
    "Pages",
    "_pages",
    "Params",
    "Response",
    "Error",
    "ParamsBuilder",
];

const SEPARATORS: &[&str] = &["", "", "_", "-"];

/// Pieces of text in the CRM's languages and the characters that break byte arithmetic:
/// accents and `ñ` (two bytes), emoji with skin tones, joiners and flags (four bytes, several
/// characters), combining marks, right-to-left text and overrides, zero-width characters.
/// Some end with a dot, so that a cross reference may follow a wide character.
const TEXTS: &[&str] = &[
    "Etapa de Negociación.",
    "Empresas y sus catálogos",
    "Compañía",
    "año ñ",
    "¿Qué?",
    "🚀",
    "👩🏽‍💼",
    "🇲🇽.",
    "Cafe\u{301}",
    "n\u{303}.",
    "שלום עולם",
    "مرحبا.",
    "\u{202e}tfel\u{202c}",
    "zero\u{200b}width",
    "\u{200d}",
    "\u{feff}",
    "会社と連絡先",
    "«cita» — fin…",
    "A plain text",
    "*emphasis* and `code` | pipe",
];

const BUILTIN: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "any",
    "object",
    "date<DD/MM/YY>",
    "date<YYYY-MM-DD>",
];

struct SpecGen {
    rng: Rng,
    /// For the texts alone, so that names and structure are drawn as without them.
    text_rng: Rng,
    parts: Vec<&'static str>,
    plain: Vec<&'static str>,
    /// Named types defined so far: (name, whether an object, so field types can use it).
    types: Vec<String>,
    errors: Vec<String>,
    /// The methods of the namespace being written.
    siblings: Vec<String>,
    /// The namespace being written, for cross references to its methods.
    namespace: String,
}

impl SpecGen {
    fn name(&mut self) -> String {
        let parts = 1 + self.rng.below(3);
        let mut name = String::new();
        for i in 0..parts {
            if i > 0 {
                let separator = *self.rng.pick(SEPARATORS);
                name.push_str(separator);
            }
            // Tricky parts one time in four; the name stays readable either way.
            let part = if self.rng.chance(4) {
                *self.rng.pick(&self.parts)
            } else {
                *self.rng.pick(&self.plain)
            };
            name.push_str(part);
        }
        name
    }

    /// A text field's value, quoted for YAML: pieces of [`TEXTS`], sometimes a cross
    /// reference to a method already written, right after a piece.
    fn text(&mut self) -> String {
        let mut text = String::new();
        let rng = &mut self.text_rng;
        for _ in 0..1 + rng.below(4) {
            text.push_str(rng.pick::<&str>(TEXTS));
            if !self.siblings.is_empty() && rng.chance(3) {
                let method = rng.pick(&self.siblings);
                write!(text, "{}.{method}", self.namespace).unwrap();
            }
            text.push_str(rng.pick::<&str>(&["", " ", ", "]));
        }
        yaml_quoted(&text)
    }

    fn field_type(&mut self, depth: usize) -> String {
        match self.rng.below(6) {
            0 if depth < 2 => format!("array<{}>", self.field_type(depth + 1)),
            1 if depth < 2 => format!("map<{}>", self.field_type(depth + 1)),
            2 if !self.types.is_empty() => self.rng.pick(&self.types).clone(),
            _ => self.rng.pick(BUILTIN).to_string(),
        }
    }

    fn field(&mut self, out: &mut String, indent: &str, name: &str, ty: &str, required: bool) {
        let optional = if required { "" } else { ", optional: true" };
        let doc = self.text();
        write!(
            out,
            "{indent}- {{name: \"{name}\", type: \"{ty}\"{optional}, doc: {doc}"
        )
        .unwrap();
        if self.text_rng.chance(4) {
            write!(out, ", note: {}", self.text()).unwrap();
        }
        if ty == "string" && self.text_rng.chance(6) {
            out.push_str(", pattern: \"^[a-zñáéíóú🚀 ]*$\"");
        }
        out.push_str("}\n");
    }

    fn fields(&mut self, out: &mut String, indent: &str, count: usize) {
        for _ in 0..count {
            let (name, ty) = (self.name(), self.field_type(0));
            let required = self.rng.chance(2);
            self.field(out, indent, &name, &ty, required);
        }
    }

    fn spec(mut self) -> String {
        let mut out = format!(
            "api: {{name: Random, version: v1, doc: {}}}\ntransport:\n  base_url: http://127.0.0.1:0\n  \
             base_url_note: {}\n  unknown_keys_note: {}\n  errors:\n    - {{code: malformed, status: 400, doc: {}}}\n",
            self.text(),
            self.text(),
            self.text(),
            self.text(),
        );
        let declared = self.rng.below(3);
        if declared > 0 {
            out.push_str("errors:\n");
            for _ in 0..declared {
                let code = self.name().replace('-', "_").to_lowercase();
                let (doc, note) = (self.text(), self.text());
                writeln!(
                    out,
                    "  - {{code: \"{code}\", status: 422, doc: {doc}, note: {note}}}"
                )
                .unwrap();
                self.errors.push(code);
            }
        }
        let types = self.rng.below(4);
        if types > 0 {
            out.push_str("types:\n");
        }
        for _ in 0..types {
            let name = self.name();
            let doc = self.text();
            writeln!(out, "  \"{name}\":\n    doc: {doc}").unwrap();
            match self.rng.below(3) {
                0 => {
                    out.push_str("    enum: [");
                    let values: Vec<String> = (0..1 + self.rng.below(3))
                        .map(|_| format!("\"{}\"", self.name()))
                        .collect();
                    out.push_str(&values.join(", "));
                    out.push_str("]\n");
                }
                1 => out.push_str("    open: true\n"),
                _ => {
                    out.push_str("    fields:\n");
                    let count = 1 + self.rng.below(3);
                    self.fields(&mut out, "      ", count);
                }
            }
            self.types.push(name);
        }
        out.push_str("namespaces:\n");
        for n in 0..1 + self.rng.below(3) {
            let name = self.name();
            // The doc may refer to the previous namespace's methods.
            let doc = self.text();
            writeln!(
                out,
                "  - namespace: \"{name}\"\n    path: ns{n}\n    doc: {doc}\n    methods:"
            )
            .unwrap();
            self.siblings.clear();
            self.namespace = name;
            for _ in 0..1 + self.rng.below(4) {
                self.method(&mut out);
            }
        }
        out
    }

    fn method(&mut self, out: &mut String) {
        let name = if !self.siblings.is_empty() && self.rng.chance(4) {
            let sibling = self.rng.pick(&self.siblings).clone();
            format!("{sibling}{}", self.rng.pick(DERIVED))
        } else {
            self.name()
        };
        self.siblings.push(name.clone());
        let paginated = self.rng.chance(3);
        let token = !paginated && self.rng.chance(5);
        let summary = self.text();
        writeln!(out, "      - name: \"{name}\"\n        summary: {summary}").unwrap();
        if self.text_rng.chance(3) {
            let note = self.text();
            writeln!(out, "        note: {note}").unwrap();
        }
        if self.rng.chance(3) {
            out.push_str("        auth: false\n");
        }
        if self.rng.chance(2) {
            out.push_str("        idempotent: true\n");
        }
        let params = self.rng.below(3);
        if params > 0 || paginated {
            out.push_str("        params:\n");
            self.fields(out, "          ", params);
            if paginated {
                let required = self.rng.chance(2);
                self.field(out, "          ", "page", "integer", required);
            }
        }
        out.push_str("        response:\n");
        let count = if paginated || token {
            self.rng.below(2)
        } else {
            1 + self.rng.below(3)
        };
        self.fields(out, "          ", count);
        if paginated {
            let items = format!("array<{}>", self.field_type(1));
            self.field(out, "          ", "current_page", "integer", true);
            self.field(out, "          ", "last_page", "integer", true);
            self.field(out, "          ", "found", &items, true);
            out.push_str("        paginated: found\n");
        }
        if token {
            self.field(out, "          ", "token", "string", true);
            out.push_str("        token: token\n");
        }
        if !self.errors.is_empty() && self.rng.chance(2) {
            let code = self.rng.pick(&self.errors).clone();
            let when = self.text();
            writeln!(
                out,
                "        errors:\n          - {{code: \"{code}\", when: {when}}}"
            )
            .unwrap();
        }
    }
}

/// `text` as a YAML double-quoted scalar; the byte order mark as an escape, since YAML
/// reads one in the text as the start of a stream.
fn yaml_quoted(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\u{feff}', "\\uFEFF");
    format!("\"{escaped}\"")
}

fn random_spec(seed: u64) -> String {
    SpecGen {
        rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
        text_rng: Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1),
        parts: PARTS.split_whitespace().collect(),
        plain: PLAIN.split_whitespace().collect(),
        types: Vec::new(),
        errors: Vec::new(),
        siblings: Vec::new(),
        namespace: String::new(),
    }
    .spec()
}

/// Where sample `i`'s files go in the temporary crate, and the paths they name.
fn layout(i: usize) -> Layout {
    let leak = |s: String| -> &'static str { s.leak() };
    Layout {
        spec: "random.yaml",
        types_file: leak(format!("src/s{i}/types.rs")),
        client_file: leak(format!("src/s{i}/client.rs")),
        server_file: leak(format!("src/s{i}/server.rs")),
        docs_dir: leak(format!("docs/s{i}")),
        paths: RustPaths {
            types: leak(format!("crate::s{i}::types")),
            types_runtime: "centiacrm_types::__codegen",
            client_runtime: "centiacrm_client::__codegen",
            server_runtime: "centiacrm_server::__codegen",
            public_types: leak(format!("random_specs::s{i}::types")),
            public_server: leak(format!("random_specs::s{i}::server")),
            public_client: leak(format!("random_specs::s{i}::client")),
            public_dates: "centiacrm_types",
            public_server_types: leak(format!("random_specs::s{i}::types")),
            public_server_runtime: "centiacrm_server",
        },
    }
}

/// The spec of `seed`, loaded and validated, then rendered; `None` when it is rejected.
fn generate(seed: u64, layout: &Layout) -> Option<(String, Vec<Output>)> {
    let text = random_spec(seed);
    let api = xtask::spec::load_text("random.yaml", &text, Path::new(".")).ok()?;
    let rendered = std::panic::catch_unwind(|| xtask::codegen::render(&api, layout))
        .unwrap_or_else(|_| {
            panic!("seed {seed}: the spec validated, the generator panicked\n{text}")
        });
    let outputs = rendered.unwrap_or_else(|e| {
        panic!("seed {seed}: the spec validated, the generator failed: {e}\n{text}")
    });
    Some((text, outputs))
}

/// Each name defined twice in one scope of a parsed file: items of a module (per
/// namespace: types, values), functions of one type's inherent impls, items of a trait,
/// fields of a struct, variants of an enum.
fn duplicates(file: &syn::File) -> Vec<String> {
    let mut found = Vec::new();
    module(&file.items, "crate", &mut found);
    found
}

fn module(items: &[syn::Item], path: &str, found: &mut Vec<String>) {
    let mut types = HashSet::new();
    let mut values = HashSet::new();
    let mut inherent: HashMap<String, HashSet<String>> = HashMap::new();
    let define = |set: &mut HashSet<String>, name: String, what: &str, found: &mut Vec<String>| {
        if !set.insert(name.clone()) {
            found.push(format!("{what} `{name}` twice in `{path}`"));
        }
    };
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                define(&mut types, s.ident.to_string(), "type", found);
                if !matches!(s.fields, syn::Fields::Named(_)) {
                    define(&mut values, s.ident.to_string(), "value", found);
                }
                let mut fields = HashSet::new();
                for f in s.fields.iter().filter_map(|f| f.ident.as_ref()) {
                    if !fields.insert(f.to_string()) {
                        found.push(format!("field `{f}` twice in `{path}::{}`", s.ident));
                    }
                }
            }
            syn::Item::Enum(e) => {
                define(&mut types, e.ident.to_string(), "type", found);
                let mut variants = HashSet::new();
                for v in &e.variants {
                    if !variants.insert(v.ident.to_string()) {
                        found.push(format!(
                            "variant `{}` twice in `{path}::{}`",
                            v.ident, e.ident
                        ));
                    }
                }
            }
            syn::Item::Trait(t) => {
                define(&mut types, t.ident.to_string(), "type", found);
                let mut members = HashSet::new();
                for member in &t.items {
                    let name = match member {
                        syn::TraitItem::Fn(f) => f.sig.ident.to_string(),
                        syn::TraitItem::Type(t) => t.ident.to_string(),
                        syn::TraitItem::Const(c) => c.ident.to_string(),
                        _ => continue,
                    };
                    if !members.insert(name.clone()) {
                        found.push(format!("`{name}` twice in trait `{path}::{}`", t.ident));
                    }
                }
            }
            syn::Item::Type(t) => define(&mut types, t.ident.to_string(), "type", found),
            syn::Item::Mod(m) => {
                define(&mut types, m.ident.to_string(), "module", found);
                if let Some((_, inner)) = &m.content {
                    module(inner, &format!("{path}::{}", m.ident), found);
                }
            }
            syn::Item::Fn(f) => define(&mut values, f.sig.ident.to_string(), "value", found),
            syn::Item::Const(c) => define(&mut values, c.ident.to_string(), "value", found),
            syn::Item::Static(s) => define(&mut values, s.ident.to_string(), "value", found),
            syn::Item::Use(u) => {
                let mut names = Vec::new();
                use_leaves(&u.tree, &mut names);
                for name in names {
                    define(&mut types, name, "import", found);
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let syn::Type::Path(ty) = &*i.self_ty else {
                    continue;
                };
                let Some(last) = ty.path.segments.last() else {
                    continue;
                };
                let fns = inherent.entry(last.ident.to_string()).or_default();
                for member in &i.items {
                    if let syn::ImplItem::Fn(f) = member
                        && !fns.insert(f.sig.ident.to_string())
                    {
                        found.push(format!(
                            "function `{}` twice in `impl {path}::{}`",
                            f.sig.ident, last.ident
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

fn use_leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => use_leaves(&p.tree, out),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_leaves(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

/// The prelude and std names the generated code writes unqualified: none may be defined
/// where it is used (that would compile to something else, or not at all).
const UNQUALIFIED_USED: &[&str] = &[
    "String", "Option", "Some", "None", "Vec", "Result", "Ok", "Err", "From", "Into", "std",
    "serde",
];

fn shadowed(file: &syn::File) -> Vec<String> {
    let mut found = Vec::new();
    shadowed_in(&file.items, "crate", &mut found);
    found
}

fn shadowed_in(items: &[syn::Item], path: &str, found: &mut Vec<String>) {
    let mut defined = HashSet::new();
    let mut used = HashSet::new();
    for item in items {
        let name = match item {
            syn::Item::Struct(s) => Some(&s.ident),
            syn::Item::Enum(e) => Some(&e.ident),
            syn::Item::Trait(t) => Some(&t.ident),
            syn::Item::Type(t) => Some(&t.ident),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    shadowed_in(inner, &format!("{path}::{}", m.ident), found);
                }
                Some(&m.ident)
            }
            _ => None,
        };
        defined.extend(name.map(|n| n.to_string()));
        for token in item.to_token_stream() {
            collect_idents(token, &mut used);
        }
    }
    for name in UNQUALIFIED_USED {
        if defined.contains(*name) && used.contains(*name) {
            found.push(format!(
                "`{path}` defines `{name}`, which the generated code uses"
            ));
        }
    }
}

fn collect_idents(token: proc_macro2::TokenTree, out: &mut HashSet<String>) {
    match token {
        proc_macro2::TokenTree::Ident(i) => {
            out.insert(i.to_string());
        }
        proc_macro2::TokenTree::Group(g) => {
            g.stream().into_iter().for_each(|t| collect_idents(t, out));
        }
        _ => {}
    }
}

/// Enough specs for a few seconds of `cargo test` (rendering dominates, about 30 ms each
/// in a debug build); about 60% of them validate.
const SPECS: u64 = 120;

#[test]
fn random_valid_specs_give_rust_that_parses_without_duplicate_names() {
    let layout = layout(0);
    let mut valid = 0;
    for seed in 0..SPECS {
        let Some((text, outputs)) = generate(seed, &layout) else {
            continue;
        };
        valid += 1;
        for output in outputs
            .iter()
            .filter(|o| o.path.extension().is_some_and(|e| e == "rs"))
        {
            let file = syn::parse_file(&output.contents).unwrap_or_else(|e| {
                panic!(
                    "seed {seed}: {} does not parse: {e}\n{text}",
                    output.path.display()
                )
            });
            let problems: Vec<String> = duplicates(&file)
                .into_iter()
                .chain(shadowed(&file))
                .collect();
            assert!(
                problems.is_empty(),
                "seed {seed}: {} defines a name twice:\n  {}\n--- spec ---\n{text}",
                output.path.display(),
                problems.join("\n  ")
            );
        }
    }
    // Both sides are exercised: the tricky names get many specs rejected, and many pass.
    assert!(
        (SPECS / 5..=SPECS * 9 / 10).contains(&valid),
        "{valid} of {SPECS} random specs validated"
    );
}

/// The tricky parts reach the output: some validated specs hold names that need escaping
/// or that end like a generated suffix, so the check above sees them.
#[test]
fn random_specs_reach_the_tricky_names() {
    let texts: Vec<String> = (0..SPECS)
        .map(random_spec)
        .filter(|text| xtask::spec::load_text("random.yaml", text, Path::new(".")).is_ok())
        .collect();
    for needle in ["\"type\"", "Stream\"", "Pages", "\"self\"", "Params", "y2"] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "no validated spec contains {needle}"
        );
    }
    // And every kind of non-ASCII text, in every kind of text field.
    for piece in TEXTS {
        let quoted = yaml_quoted(piece);
        let piece = &quoted[1..quoted.len() - 1];
        assert!(
            texts.iter().any(|t| t.contains(piece)),
            "no validated spec contains {piece:?}"
        );
    }
    for key in [
        "doc: \"",
        "summary: \"",
        "note: \"",
        "when: \"",
        "base_url_note: \"",
        "pattern: \"^[a-zñ",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(key)),
            "no validated spec has a non-ASCII `{key}`"
        );
    }
}

/// The texts come through to the docs as written, cross references linked after wide
/// characters too.
#[test]
fn random_specs_keep_their_texts_in_the_docs() {
    let layout = layout(0);
    let mut linked_after_wide = 0;
    for seed in 0..SPECS {
        let Some((_, outputs)) = generate(seed, &layout) else {
            continue;
        };
        let docs: String = outputs
            .iter()
            .filter(|o| o.path.extension().is_some_and(|e| e == "md"))
            .map(|o| o.contents.as_str())
            .collect();
        assert!(
            docs.contains("Negociación") || docs.contains("🚀") || docs.contains("Compañía"),
            "seed {seed}: no non-ASCII text in the docs"
        );
        linked_after_wide += ["ó.[", "🇲🇽.[", "\u{303}.[", "مرحبا.["]
            .iter()
            .filter(|wide| docs.contains(*wide))
            .count();
    }
    assert!(
        linked_after_wide > 0,
        "no cross reference was linked right after a wide character"
    );
}

/// How many validated specs the compiling test builds, in one crate.
const COMPILED_SAMPLES: usize = 4;

/// Compiles a sample of validated random specs against the real runtime crates: one
/// temporary crate, one module per spec, `cargo check` sharing the workspace's target
/// directory (so only the sample itself is built). Ignored in `cargo test` for its time;
/// `.ci/run` runs it.
#[test]
#[ignore = "runs cargo check on generated code (about a minute); .ci/run runs it"]
fn random_specs_compile() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut lib = String::from("//! Random specs, generated.\n\n");
    let mut samples = Vec::new();
    // The largest of the specs that validate, rendered for their place in the crate.
    let mut candidates: Vec<(u64, String)> = (0..SPECS)
        .map(|seed| (seed, random_spec(seed)))
        .filter(|(_, text)| xtask::spec::load_text("random.yaml", text, Path::new(".")).is_ok())
        .collect();
    candidates.sort_by_key(|(seed, text)| (std::cmp::Reverse(text.len()), *seed));
    for (i, (seed, text)) in candidates.into_iter().take(COMPILED_SAMPLES).enumerate() {
        let (_, outputs) = generate(seed, &layout(i)).expect("it validated");
        for o in outputs
            .iter()
            .filter(|o| o.path.extension().is_some_and(|e| e == "rs"))
        {
            let path = root.join(&o.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &o.contents).unwrap();
        }
        writeln!(
            lib,
            "/// Seed {seed}.\npub mod s{i} {{\n    pub mod client;\n    pub mod server;\n    pub mod types;\n}}\n"
        )
        .unwrap();
        samples.push((seed, text));
    }
    assert_eq!(
        samples.len(),
        COMPILED_SAMPLES,
        "too few random specs validated"
    );
    std::fs::write(root.join("src/lib.rs"), lib).unwrap();
    // The workspace's profiles, so that the dependencies built for it are reused.
    let manifest = std::fs::read_to_string(workspace.join("Cargo.toml")).unwrap();
    let profiles = &manifest[manifest.find("[profile").unwrap_or(manifest.len())..];
    let crate_path = |name: &str| workspace.join("crates").join(name).display().to_string();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"random-specs\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ncentiacrm-types = {{ path = {:?} }}\ncentiacrm-client = {{ path = {:?} }}\n\
             centiacrm-server = {{ path = {:?} }}\n\n[workspace]\n\n{profiles}",
            crate_path("centiacrm-types"),
            crate_path("centiacrm-client"),
            crate_path("centiacrm-server"),
        ),
    )
    .unwrap();
    // The same versions as the workspace, so that nothing is resolved or built anew.
    std::fs::copy(workspace.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), std::path::PathBuf::from);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--lib"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let seeds: Vec<String> = samples.iter().map(|(seed, _)| seed.to_string()).collect();
    assert!(
        out.status.success(),
        "the generated code of seeds {} does not compile:\n{}\n--- specs ---\n{}",
        seeds.join(", "),
        String::from_utf8_lossy(&out.stderr),
        samples
            .iter()
            .map(|(seed, text)| format!("# seed {seed}\n{text}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
