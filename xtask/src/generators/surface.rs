//! The client's public surface, for a snapshot that shows a spec change as a short diff:
//! every public method of the client and its handles with its signature, then every
//! struct of the generated types with each field and its type, every enum with its
//! values, and each method's wire contract (`ApiMethod`: name, path, auth, idempotency). It is read from the generated `syn::File`s, so it cannot drift from the code.

use syn::{Fields, ImplItem, Item, ItemImpl, Visibility};

use super::{Context, client, types};

pub fn surface(ctx: &Context) -> Result<String, String> {
    let mut client = client::file(ctx)?;
    client.items.retain_mut(client_item);
    let mut types = types::file(ctx)?;
    types.items.retain_mut(types_item);
    Ok(format!(
        "// The client: each public method, with its signature.\n\n{}\n\
         // The types: each struct with its fields, each enum with its values, each\n\
         // method's wire contract.\n\n{}",
        prettyplease::unparse(&client),
        prettyplease::unparse(&types)
    ))
}

/// Whether `imp` implements the trait whose last path segment is `name`.
fn implements(imp: &ItemImpl, name: &str) -> bool {
    let trait_path = imp.trait_.as_ref().map(|(path, _)| path);
    trait_path
        .and_then(|p| p.segments.last())
        .is_some_and(|segment| segment.ident == name)
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Keeps inherent impls (their public methods, bodies emptied) and public constants.
fn client_item(item: &mut Item) -> bool {
    match item {
        Item::Impl(imp) if imp.trait_.is_none() => {
            imp.attrs.clear();
            imp.items.retain_mut(|item| match item {
                ImplItem::Fn(f) if public(&f.vis) => {
                    f.attrs.clear();
                    f.block.stmts.clear();
                    true
                }
                _ => false,
            });
            true
        }
        Item::Const(c) => {
            c.attrs.clear();
            public(&c.vis)
        }
        _ => false,
    }
}

/// Keeps public structs (fields with their types), enums (variants with their wire values),
/// type aliases, each method's `ApiMethod` impl (its wire name, path, auth and idempotency)
/// and modules of them. Builders (the only `#[must_use]` structs) are left out: their setters
/// mirror the fields.
fn types_item(item: &mut Item) -> bool {
    match item {
        Item::Impl(imp) if implements(imp, "ApiMethod") => {
            imp.attrs.clear();
            true
        }
        Item::Struct(s) if s.attrs.iter().any(|a| a.path().is_ident("must_use")) => false,
        Item::Struct(s) if public(&s.vis) => {
            s.attrs.clear();
            if let Fields::Named(fields) = &mut s.fields {
                fields.named.iter_mut().for_each(|f| f.attrs.clear());
            }
            true
        }
        Item::Enum(e) if public(&e.vis) => {
            e.attrs.clear();
            // A variant's doc is its wire value.
            for v in &mut e.variants {
                v.attrs.retain(|a| a.path().is_ident("doc"));
            }
            true
        }
        Item::Type(t) if public(&t.vis) => {
            t.attrs.clear();
            true
        }
        Item::Mod(m) if public(&m.vis) => {
            m.attrs.clear();
            if let Some((_, items)) = &mut m.content {
                items.retain_mut(types_item);
            }
            true
        }
        _ => false,
    }
}
