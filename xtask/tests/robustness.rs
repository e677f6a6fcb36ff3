//! The spec loader never panics: not on arbitrary bytes, not on mutated specs, and the
//! generators accept what it loads, whatever language its texts are in. Bounded and
//! deterministic, so it runs in `cargo test`; `fuzz/` runs the same idea for longer.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use test_support::Rng;

/// YAML fragments that tend to reach unusual paths of a parser.
const TOKENS: &[&str] = &[
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "!t ",
    "\t",
    "\"",
    "'",
    "#",
    "|",
    ">",
    "? ",
    "---",
    "...",
    "\n",
    "  ",
    "name: x",
    "type: array<",
    "date<",
    "optional: true",
    "é",
    // Wide characters where docs are, some before a cross reference.
    "ñ",
    "ó.",
    "ó.Widgets.GetWidgets",
    "🇲🇽.Session.SignIn",
    "👩🏽\u{200d}💼",
    "e\u{301}",
    "\u{200b}",
    "\u{202e}שלום",
    "\u{feff}",
    "\u{0}",
    "enum: []",
    "open: true",
    "fields:",
    "paginated: x",
    "token: x",
    "%YAML 1.2",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..=rng.below(3) {
        let i = rng.below(lines.len());
        match rng.below(6) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            2 => {
                let at = rng.below(lines[i].len() + 1);
                let at = (0..=at)
                    .rev()
                    .find(|&a| lines[i].is_char_boundary(a))
                    .unwrap_or(0);
                lines[i].insert_str(at, TOKENS[rng.below(TOKENS.len())]);
            }
            3 => lines[i] = format!("{}{}", " ".repeat(rng.below(6)), lines[i].trim_start()),
            4 => {
                let keep = rng.below(lines[i].len() + 1);
                let keep = (0..=keep)
                    .rev()
                    .find(|&k| lines[i].is_char_boundary(k))
                    .unwrap_or(0);
                lines[i].truncate(keep);
            }
            _ => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
        }
        if lines.is_empty() {
            break;
        }
    }
    lines.join("\n")
}

/// Loads `text`, failing the test on a panic; returns whether it loaded.
fn load_without_panic(text: &str, base: &Path) -> bool {
    let result = catch_unwind(AssertUnwindSafe(|| {
        match xtask::spec::load_text("fuzz.yaml", text, base) {
            Ok(api) => {
                // What loads also generates.
                xtask::codegen::render(&api, &xtask::codegen::LAYOUTS[1]).unwrap();
                true
            }
            Err(report) => {
                assert!(report.render().contains("error"), "an empty report");
                false
            }
        }
    }));
    result.unwrap_or_else(|_| panic!("the loader panicked on:\n-----\n{text}\n-----"))
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = Rng(0x5EED_0001);
    for _ in 0..500 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        load_without_panic(
            &String::from_utf8_lossy(&bytes),
            Path::new("tests/specs/good"),
        );
    }
}

#[test]
fn mutated_specs_never_panic() {
    let base = Path::new("tests/specs/good");
    let fixture = std::fs::read_to_string(base.join("features.yaml")).unwrap();
    let mut rng = Rng(0x5EED_0002);
    let loaded = (0..1500)
        .filter(|_| load_without_panic(&mutate(&mut rng, &fixture), base))
        .count();
    // Both paths are exercised: some mutations still load (and generate), most do not.
    assert!(
        loaded > 50 && loaded < 1450,
        "{loaded} of 1500 mutations loaded"
    );
}

#[test]
fn mutated_namespace_files_never_panic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let companies = std::fs::read_to_string(spec.join("namespaces/companies.yaml")).unwrap();
    let mut rng = Rng(0x5EED_0003);
    let mut loaded = 0;
    for _ in 0..300 {
        // The errors that companies.yaml lists are declared, as in spec/api.yaml.
        let api = format!(
            "api: {{name: X, version: v1}}\ntransport: {{base_url: 'http://127.0.0.1'}}\ntypes: types.yaml\n\
             errors: [{{code: unknown_record, status: 422}}, {{code: rule_broken, status: 422}}]\nnamespaces:\n  - {}\n",
            "inline"
        );
        // The namespace goes in place, so that every mutation is read.
        let namespace: String = mutate(&mut rng, &companies)
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect();
        let text = api.replace("  - inline\n", &format!("  - \n{namespace}"));
        loaded += usize::from(load_without_panic(&text, &spec));
    }
    assert!(
        loaded > 10,
        "only {loaded} of 300 mutations loaded: is the inline namespace read?"
    );
}

/// The real spec with the Companies namespace documented in Spanish, as the CRM's users
/// write it: the character before a cross reference is `ó`, two bytes wide.
#[test]
fn spanish_namespace_doc_generates_and_links() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let dir = tempfile::tempdir().unwrap();
    for entry in ["api.yaml", "types.yaml"] {
        std::fs::copy(spec.join(entry), dir.path().join(entry)).unwrap();
    }
    let namespaces = dir.path().join("namespaces");
    std::fs::create_dir(&namespaces).unwrap();
    for entry in std::fs::read_dir(spec.join("namespaces")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), namespaces.join(entry.file_name())).unwrap();
    }
    let companies = namespaces.join("companies.yaml");
    let text = std::fs::read_to_string(&companies).unwrap();
    let english = "doc: Companies and their type, industry and input catalogs.\n";
    assert!(
        text.contains(english),
        "companies.yaml changed its doc line"
    );
    let spanish = "doc: Empresas y sus catálogos de tipo, giro y campos. Etapa de Negociación. \
                   Véase Companies.GetTypes, ñCompanies.GetIndustries y «Companies.GetTypes».\n";
    std::fs::write(&companies, text.replace(english, spanish)).unwrap();

    let api = xtask::spec::load(&dir.path().join("api.yaml"))
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let outputs = xtask::codegen::render(&api, &xtask::codegen::LAYOUTS[0]).unwrap();
    let page = outputs
        .iter()
        .find(|o| o.path.ends_with("companies.md"))
        .expect("a page for Companies");
    assert!(
        page.contents.contains(
            "Empresas y sus catálogos de tipo, giro y campos. Etapa de Negociación. \
             Véase [Companies.GetTypes](companies.md#"
        ),
        "the reference after `ó.` is not linked:\n{}",
        page.contents
    );
    // `ñ` is not a word character of the linker, so the reference after it is linked too,
    // and so is the one inside guillemets.
    assert!(
        page.contents
            .contains("ñ[Companies.GetIndustries](companies.md#")
    );
    assert!(
        page.contents
            .contains("«[Companies.GetTypes](companies.md#")
    );
}

/// Texts that break byte arithmetic: two-byte accents, four-byte emoji with joiners, flags,
/// combining marks, right-to-left text and overrides, zero-width characters; each ends
/// with a wide character before a dot, where a cross reference may follow.
const WIDE_TEXTS: &[&str] = &[
    "Etapa de Negociación.",
    "Compañía ñ.",
    "Ventas 🚀 👩🏽\u{200d}💼 🇲🇽.",
    "Cafe\u{301} n\u{303}.",
    "שלום \u{202e}عالم\u{202c} مرحبا.",
    "zero\u{200b}width\u{200c}\u{feff}.",
    "会社と連絡先。",
];

/// Every text field of the model, for `set` to rewrite.
fn each_text(api: &mut xtask::model::Api, set: &mut dyn FnMut(&mut String)) {
    use xtask::model::{ErrorKind, Field, NamedKind};
    let fields = |fields: &mut [Field], set: &mut dyn FnMut(&mut String)| {
        for f in fields {
            set(&mut f.doc);
            f.note.iter_mut().for_each(&mut *set);
        }
    };
    let errors = |errors: &mut [ErrorKind], set: &mut dyn FnMut(&mut String)| {
        for e in errors {
            set(&mut e.doc);
            e.note.iter_mut().for_each(&mut *set);
        }
    };
    set(&mut api.doc);
    let t = &mut api.transport;
    for text in [
        &mut t.base_url_note,
        &mut t.auth,
        &mut t.request,
        &mut t.response,
        &mut t.response_note,
        &mut t.unknown_keys_note,
    ] {
        set(text);
    }
    errors(&mut t.errors, set);
    errors(&mut api.errors, set);
    for ty in &mut api.types {
        set(&mut ty.doc);
        if let NamedKind::Object { fields: f } = &mut ty.kind {
            fields(f, set);
        }
    }
    for ns in &mut api.namespaces {
        set(&mut ns.doc);
        for m in &mut ns.methods {
            set(&mut m.summary);
            m.note.iter_mut().for_each(&mut *set);
            fields(&mut m.params, set);
            fields(&mut m.response, set);
            m.errors.iter_mut().for_each(|e| set(&mut e.when));
        }
    }
}

/// The real spec with each wide text around every text field, and a cross reference right
/// after it: every layout's generators accept it, and the docs link the reference.
#[test]
fn real_spec_with_wide_texts_everywhere_generates() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/api.yaml");
    let real = xtask::spec::load(&spec).unwrap_or_else(|r| panic!("{}", r.render()));
    for wide in WIDE_TEXTS {
        let mut api = real.clone();
        let mut count = 0;
        each_text(&mut api, &mut |text| {
            *text = format!("{wide}Companies.GetTypes {text} {wide}");
            count += 1;
        });
        assert!(count > 300, "only {count} text fields");
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            xtask::codegen::render(&api, &xtask::codegen::LAYOUTS[0])
        }));
        let outputs = rendered
            .unwrap_or_else(|_| panic!("the generators panicked on {wide:?}"))
            .unwrap_or_else(|e| panic!("{wide:?}: {e}"));
        let page = outputs
            .iter()
            .find(|o| o.path.ends_with("companies.md"))
            .expect("a page for Companies");
        assert!(
            page.contents
                .contains(&format!("{wide}[Companies.GetTypes](companies.md#")),
            "{wide:?}: the reference is not linked"
        );
    }
}
