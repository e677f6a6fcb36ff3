//! `Validate` for request objects: the spec's constraints, checked before sending.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Types, holds_object};
use crate::generators::rust::ident;
use crate::model::Type;
use crate::names::{FieldNames, StructNames};

impl Types<'_> {
    /// `Validate` for a request object: the spec's constraints on each field, then the
    /// checks of the objects inside it.
    pub(super) fn validate_impl(&self, name: &Ident, s: &StructNames) -> TokenStream {
        let rt = &self.ctx.types_runtime;
        let checks: Vec<TokenStream> = s
            .fields
            .iter()
            .filter_map(|f| self.field_checks(f))
            .collect();
        let path = if checks.is_empty() {
            quote!(_path)
        } else {
            quote!(path)
        };
        quote! {
            impl #rt::Validate for #name {
                fn validate_at(&self, #path: &#rt::Path<'_>) -> Result<(), #rt::Invalid> {
                    #(#checks)*
                    Ok(())
                }
            }
        }
    }

    /// The checks of one field, run only when it is set.
    fn field_checks(&self, f: &FieldNames) -> Option<TokenStream> {
        let rt = &self.ctx.types_runtime;
        let field = f.field;
        let c = &field.constraints;
        let number = |v: f64| match field.ty {
            Type::Integer => proc_macro2::Literal::i64_unsuffixed(v as i64),
            _ => proc_macro2::Literal::f64_unsuffixed(v),
        };
        let size = |n: u64| proc_macro2::Literal::usize_unsuffixed(n as usize);
        let mut checks = Vec::new();
        if let Some(v) = c.minimum {
            let v = number(v);
            checks.push(quote!(#rt::check::minimum(&at, *value, #v)?;));
        }
        if let Some(v) = c.maximum {
            let v = number(v);
            checks.push(quote!(#rt::check::maximum(&at, *value, #v)?;));
        }
        if let Some(n) = c.min_length {
            let n = size(n);
            checks.push(quote!(#rt::check::min_length(&at, value, #n)?;));
        }
        if let Some(n) = c.max_length {
            let n = size(n);
            checks.push(quote!(#rt::check::max_length(&at, value, #n)?;));
        }
        if let Some(pattern) = &c.pattern {
            checks.push(quote! {
                static PATTERN: std::sync::LazyLock<#rt::Regex> =
                    std::sync::LazyLock::new(|| #rt::check::compile(#pattern));
                #rt::check::pattern(&at, value, &PATTERN)?;
            });
        }
        if let Some(n) = c.min_items {
            let n = size(n);
            checks.push(quote!(#rt::check::min_items(&at, value.len(), #n)?;));
        }
        if let Some(n) = c.max_items {
            let n = size(n);
            checks.push(quote!(#rt::check::max_items(&at, value.len(), #n)?;));
        }
        if holds_object(self.ctx.api, &field.ty) {
            checks.push(quote!(#rt::Validate::validate_at(value, &at)?;));
        }
        if checks.is_empty() {
            return None;
        }
        let ident = ident(&f.ident);
        let wire = &field.name.text;
        Some(if field.required {
            quote!({ let value = &self.#ident; let at = path.field(#wire); #(#checks)* })
        } else {
            quote!(if let Some(value) = &self.#ident { let at = path.field(#wire); #(#checks)* })
        })
    }
}
