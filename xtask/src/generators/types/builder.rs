//! The builder of each generated struct.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Types;
use crate::generators::rust::{self, Scope, ident};
use crate::model::Type;
use crate::names::{self, StructNames};

impl Types<'_> {
    /// The struct's typestate builder: one type parameter per required field, `Unset` until
    /// its setter is called (once), and `build` only where none is `Unset`, so a missing
    /// required field is a compile error. Optional fields can be set in any state. Users never
    /// need the struct's literal, so a field added later breaks nobody.
    /// The struct's `builder()` function, and the builder with its impls.
    pub(super) fn builder(
        &self,
        name: &Ident,
        s: &StructNames,
        scope: Scope,
    ) -> (TokenStream, TokenStream) {
        let rt = &self.ctx.types_runtime;
        let builder = ident(&s.builder);
        let [builder_fn, build] = [names::BUILDER, names::BUILD].map(ident);
        let fields: Vec<Ident> = s.fields.iter().map(|f| ident(&f.ident)).collect();
        // The type parameter of each required field, in field order.
        let params: Vec<Option<Ident>> = {
            let mut n = 0usize;
            s.fields
                .iter()
                .map(|f| {
                    f.field.required.then(|| {
                        n += 1;
                        quote::format_ident!("R{}", n - 1)
                    })
                })
                .collect()
        };
        let generics = |each: &dyn Fn(usize, &Ident) -> TokenStream| -> TokenStream {
            let args: Vec<TokenStream> = params
                .iter()
                .enumerate()
                .filter_map(|(i, p)| Some(each(i, p.as_ref()?)))
                .collect();
            if args.is_empty() {
                quote!()
            } else {
                quote!(<#(#args),*>)
            }
        };
        let type_params = generics(&|_, p| quote!(#p));
        let unset = generics(&|_, _| quote!(#rt::Unset));
        let complete = generics(&|i, _| rust::rust_type(&s.fields[i].field.ty, scope));
        let slots = s
            .fields
            .iter()
            .zip(&fields)
            .zip(&params)
            .map(|((f, field), p)| match p {
                Some(p) => quote!(#field: #p,),
                None => {
                    let ty = rust::rust_type(&f.field.ty, scope);
                    quote!(#field: Option<#ty>,)
                }
            });
        let starts = s.fields.iter().zip(&fields).map(|(f, field)| {
            if f.field.required {
                quote!(#field: #rt::Unset)
            } else {
                quote!(#field: None)
            }
        });
        // Wide builders mirror the API's required parameters one to one.
        let required_count = params.iter().flatten().count();
        let allow_complex = (required_count > 4).then(|| quote!(#[allow(clippy::type_complexity)]));
        // Each setter's argument is named after its field.
        let setter_parts = |i: usize| {
            let f = &s.fields[i];
            let summary = f.field.doc.lines().next().unwrap_or_default();
            let arg = &fields[i];
            let (ty, value) = match &f.field.ty {
                Type::String => (quote!(impl Into<String>), quote!(#arg.into())),
                ty => (rust::rust_type(ty, scope), quote!(#arg)),
            };
            (ident(&f.setter), summary, quote!(#arg: #ty), value)
        };
        let optional: Vec<usize> = (0..s.fields.len())
            .filter(|&i| params[i].is_none())
            .collect();
        let optional_setters = optional.iter().map(|&i| {
            let (setter, summary, arg, value) = setter_parts(i);
            let field = &fields[i];
            let doc = format!(" Sets `{}`: {summary}", s.fields[i].field.name);
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, #arg) -> Self {
                    self.#field = Some(#value);
                    self
                }
            }
        });
        let optional_setters = (!optional.is_empty()).then(|| {
            quote! {
                impl #type_params #builder #type_params {
                    #(#optional_setters)*
                }
            }
        });
        let required_setters = (0..s.fields.len()).filter_map(|i| {
            let p = params[i].as_ref()?;
            let (setter, summary, arg, value) = setter_parts(i);
            let field = &fields[i];
            let doc = format!(" Sets `{}` (required): {summary}", s.fields[i].field.name);
            let others: Vec<&Ident> = params.iter().flatten().filter(|q| *q != p).collect();
            let others = (!others.is_empty()).then(|| quote!(<#(#others),*>));
            let before = generics(&|j, q| {
                if j == i {
                    quote!(#rt::Unset)
                } else {
                    quote!(#q)
                }
            });
            let ty = rust::rust_type(&s.fields[i].field.ty, scope);
            let after = generics(&|j, q| if j == i { ty.clone() } else { quote!(#q) });
            let plain = !matches!(s.fields[i].field.ty, Type::String);
            let moved = fields.iter().map(|other| match other == field {
                true if plain => quote!(#field),
                true => quote!(#field: #value),
                false => quote!(#other: self.#other),
            });
            Some(quote! {
                impl #others #builder #before {
                    #[doc = #doc]
                    #allow_complex
                    pub fn #setter(self, #arg) -> #builder #after {
                        #builder { #(#moved),* }
                    }
                }
            })
        });
        let builder_doc = builder_doc(name, s);
        let start_doc = format!(" A builder for a [`{name}`]; see [`{builder}`].");
        let build_doc = format!(" Makes the [`{name}`].");
        let must_use = format!("a builder makes nothing until `{}` is called", names::BUILD);
        let start = quote! {
            #[doc = #start_doc]
            #allow_complex
            pub fn #builder_fn() -> #builder #unset {
                #builder { #(#starts),* }
            }
        };
        let rest = quote! {

            #[doc = #builder_doc]
            #[must_use = #must_use]
            pub struct #builder #type_params {
                #(#slots)*
            }

            #(#required_setters)*

            #optional_setters

            impl #builder #complete {
                #[doc = #build_doc]
                pub fn #build(self) -> #name {
                    #name { #(#fields: self.#fields),* }
                }
            }
        };
        (start, rest)
    }
}

/// The builder's doc: how to use it, naming the required fields' setters.
fn builder_doc(name: &Ident, s: &StructNames) -> String {
    let required: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.field.required)
        .map(|f| format!("`{}`", f.setter))
        .collect();
    if required.is_empty() {
        format!(
            " Builds a [`{name}`]: every field is optional; set those you need, then call `{}`.",
            names::BUILD
        )
    } else {
        format!(
            " Builds a [`{name}`]: set the required fields by name ({}), and the optional ones \
             you need, then call `{}`, which exists only once every required field is set. Each \
             type parameter is `Unset` until its required field is.",
            required.join(", "),
            names::BUILD
        )
    }
}
