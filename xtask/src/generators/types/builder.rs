//! The builder of each generated struct: a typestate builder whose misuse is a compile
//! error that names the field.
//!
//! One type parameter per required field, `Unset` until its setter is called and the
//! field's type after. `build` and the required setters exist in every state, bounded by
//! one trait per field and state (in the builder's module), each with a
//! `#[diagnostic::on_unimplemented]` message that names the field: a missing field says
//! which, and a field set twice says so, instead of "no method named `build`".

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Types;
use crate::generators::rust::{self, Scope, ident};
use crate::model::Type;
use crate::names::{self, FieldNames, StructNames};

/// One builder being generated.
struct Builder<'a> {
    /// The struct it builds.
    name: &'a Ident,
    s: &'a StructNames<'a>,
    scope: Scope<'a>,
    rt: &'a TokenStream,
    builder: Ident,
    module: Ident,
    /// The field idents, in field order.
    fields: Vec<Ident>,
    /// The type parameter of each required field, in field order (`None`: optional).
    params: Vec<Option<Ident>>,
}

impl Types<'_> {
    /// The struct's `builder()` function, and the builder with its impls and state traits.
    pub(super) fn builder(
        &self,
        name: &Ident,
        s: &StructNames,
        scope: Scope,
    ) -> (TokenStream, TokenStream) {
        let mut n = 0usize;
        let params = s
            .fields
            .iter()
            .map(|f| {
                f.field.required.then(|| {
                    n += 1;
                    ident(&names::builder_param(n - 1))
                })
            })
            .collect();
        let b = Builder {
            name,
            s,
            scope,
            rt: &self.ctx.types_runtime,
            builder: ident(&s.builder),
            module: ident(&s.builder_module),
            fields: s.fields.iter().map(|f| ident(&f.ident)).collect(),
            params,
        };
        (b.start(), b.rest())
    }
}

impl Builder<'_> {
    fn required(&self) -> impl Iterator<Item = (usize, &FieldNames<'_>, &Ident)> {
        self.s
            .fields
            .iter()
            .zip(&self.params)
            .enumerate()
            .filter_map(|(i, (f, p))| Some((i, f, p.as_ref()?)))
    }

    /// `<R0, R1>` with each required field's parameter replaced as `each` says.
    fn generics(&self, each: impl Fn(usize, &Ident) -> TokenStream) -> TokenStream {
        let args: Vec<TokenStream> = self.required().map(|(i, _, p)| each(i, p)).collect();
        if args.is_empty() {
            quote!()
        } else {
            quote!(<#(#args),*>)
        }
    }

    fn field_type(&self, i: usize) -> TokenStream {
        rust::rust_type(&self.s.fields[i].field.ty, self.scope)
    }

    /// Wide builders mirror the API's required parameters one to one.
    fn allow_complex(&self) -> Option<TokenStream> {
        (self.required().count() > 4).then(|| quote!(#[allow(clippy::type_complexity)]))
    }

    /// The struct's `builder()`: every required field `Unset`, every optional one `None`.
    fn start(&self) -> TokenStream {
        let (name, builder, rt) = (self.name, &self.builder, self.rt);
        let builder_fn = ident(names::BUILDER);
        let starts = self.s.fields.iter().zip(&self.fields).map(|(f, field)| {
            if f.field.required {
                quote!(#field: #rt::Unset)
            } else {
                quote!(#field: None)
            }
        });
        let doc = format!(" A builder for a [`{name}`]; see [`{builder}`].");
        quote! {
            #[doc = #doc]
            pub fn #builder_fn() -> #builder {
                #builder { #(#starts),* }
            }
        }
    }

    /// The builder struct, its methods, and its field-state traits.
    fn rest(&self) -> TokenStream {
        let (builder, rt) = (&self.builder, self.rt);
        let with_defaults = self.generics(|_, p| quote!(#p = #rt::Unset));
        let type_params = self.generics(|_, p| quote!(#p));
        let slots = self.s.fields.iter().enumerate().map(|(i, f)| {
            let field = &self.fields[i];
            match &self.params[i] {
                Some(p) => quote!(#field: #p,),
                None => {
                    let ty = rust::rust_type(&f.field.ty, self.scope);
                    quote!(#field: Option<#ty>,)
                }
            }
        });
        let doc = rust::doc(&builder_doc(self.name, self.s, self));
        let must_use = format!("a builder makes nothing until `{}` is called", names::BUILD);
        let required_setters = self.required().map(|(i, _, _)| self.required_setter(i));
        let optional_setters = (0..self.fields.len())
            .filter(|&i| self.params[i].is_none())
            .map(|i| optional_setters(&self.s.fields[i], self.scope, false));
        let build = self.build();
        let states = self.states();
        quote! {
            #doc
            #[must_use = #must_use]
            pub struct #builder #with_defaults {
                #(#slots)*
            }

            impl #type_params #builder #type_params {
                #(#required_setters)*
                #(#optional_setters)*
                #build
            }

            #states
        }
    }

    fn argument(&self, i: usize) -> (TokenStream, TokenStream) {
        argument(&self.s.fields[i], self.scope)
    }

    /// A required field's setter: callable while the field is unset, once.
    fn required_setter(&self, i: usize) -> TokenStream {
        let f = &self.s.fields[i];
        let (builder, module) = (&self.builder, &self.module);
        let (setter, field) = (ident(&f.setter), &self.fields[i]);
        let (arg_ty, value) = self.argument(i);
        let ty = self.field_type(i);
        let after = self.generics(|j, q| if j == i { ty.clone() } else { quote!(#q) });
        let p = self.params[i].as_ref();
        let unset = ident(&f.state_traits[1]);
        let plain = !matches!(f.field.ty, Type::String);
        let moved = self.fields.iter().map(|other| match other == field {
            true if plain => quote!(#field),
            true => quote!(#field: #value),
            false => quote!(#other: self.#other),
        });
        let summary = f.field.doc.lines().next().unwrap_or_default();
        let doc = format!(" Sets `{}` (required, once): {summary}", f.field.name);
        let allow_complex = self.allow_complex();
        let deprecated = rust::deprecated(f.field.deprecated.as_ref());
        quote! {
            #[doc = #doc]
            #allow_complex
            #deprecated
            pub fn #setter(self, #field: #arg_ty) -> #builder #after
            where
                #p: #module::#unset,
            {
                #builder { #(#moved),* }
            }
        }
    }

    /// `build`: in every state, bounded so that each required field left unset is named.
    fn build(&self) -> TokenStream {
        let (name, module) = (self.name, &self.module);
        let build = ident(names::BUILD);
        let bounds = self.required().map(|(i, f, p)| {
            let set = ident(&f.state_traits[0]);
            let ty = self.field_type(i);
            quote!(#p: #module::#set<#ty>,)
        });
        let values = self.s.fields.iter().zip(&self.fields).map(|(f, field)| {
            if f.field.required {
                let set = ident(&f.state_traits[0]);
                quote!(#field: #module::#set::value(self.#field))
            } else {
                quote!(#field: self.#field)
            }
        });
        let doc = format!(
            " Makes the [`{name}`]; compiles once every required field is set, and names \
             each one that is not."
        );
        let bounds: Vec<TokenStream> = bounds.collect();
        let where_clause = (!bounds.is_empty()).then(|| quote!(where #(#bounds)*));
        quote! {
            #[doc = #doc]
            pub fn #build(self) -> #name #where_clause {
                #name { #(#values),* }
            }
        }
    }

    /// The module of field-state traits, and their impls for the states.
    fn states(&self) -> Option<TokenStream> {
        let (name, builder, module, rt) = (self.name, &self.builder, &self.module, self.rt);
        // No required field, no states.
        self.required().next()?;
        let build = names::BUILD;
        let mut traits = Vec::new();
        let mut impls = Vec::new();
        for (i, f, _) in self.required() {
            let [set, unset] = f.state_traits.each_ref().map(|t| ident(t));
            let (field, setter) = (&f.field.name, &f.setter);
            let ty = self.field_type(i);
            let missing = format!(
                "`{name}` needs its required field `{field}`: call `.{setter}(..)` before `.{build}()`"
            );
            let missing_label = format!("`{field}` is not set");
            let twice = format!(
                "`{field}` is already set on this `{builder}`: a required field is set once"
            );
            let twice_label = format!("`{field}` set a second time");
            let set_doc = format!(" `{field}` is set: the state `{builder}::{build}` needs.");
            let unset_doc =
                format!(" `{field}` is not set yet: the state `{builder}::{setter}` needs.");
            traits.push(quote! {
                #[doc = #set_doc]
                #[diagnostic::on_unimplemented(message = #missing, label = #missing_label)]
                pub trait #set<T> {
                    /// The value set.
                    fn value(self) -> T;
                }

                #[doc = #unset_doc]
                #[diagnostic::on_unimplemented(message = #twice, label = #twice_label)]
                pub trait #unset {}
            });
            // `do_not_recommend`: the error names the field, not the impls.
            impls.push(quote! {
                #[diagnostic::do_not_recommend]
                impl #module::#set<#ty> for #ty {
                    fn value(self) -> #ty {
                        self
                    }
                }

                #[diagnostic::do_not_recommend]
                impl #module::#unset for #rt::Unset {}
            });
        }
        let doc = format!(
            " The states of [`{builder}`]'s required fields, which its setters and `{build}` \
             check: each trait names its field in the compiler's error."
        );
        Some(quote! {
            #[doc = #doc]
            pub mod #module {
                #(#traits)*
            }

            #(#impls)*
        })
    }
}

/// A setter's argument type and how the field's value is made from it (the argument is
/// named after the field).
fn argument(f: &FieldNames, scope: Scope) -> (TokenStream, TokenStream) {
    let arg = ident(&f.ident);
    match &f.field.ty {
        Type::String => (quote!(impl Into<String>), quote!(#arg.into())),
        ty => (rust::rust_type(ty, scope), quote!(#arg)),
    }
}

/// An optional field's setters, on its builder and on the struct itself: from a value,
/// and from an `Option`. `must_use` where the type is not `#[must_use]` already.
pub(super) fn optional_setters(f: &FieldNames, scope: Scope, must_use: bool) -> TokenStream {
    let field = ident(&f.ident);
    let (setter, maybe) = (ident(&f.setter), ident(&f.maybe_setter));
    let (arg_ty, value) = argument(f, scope);
    let ty = rust::rust_type(&f.field.ty, scope);
    let summary = f.field.doc.lines().next().unwrap_or_default();
    let doc = format!(" Sets `{}`: {summary}", f.field.name);
    let maybe_doc = format!(
        " Sets `{}` from an `Option`: `None` leaves it unset (or unsets it).",
        f.field.name
    );
    let must_use = must_use.then(|| quote!(#[must_use]));
    let deprecated = rust::deprecated(f.field.deprecated.as_ref());
    quote! {
        #[doc = #doc]
        #deprecated
        #must_use
        pub fn #setter(mut self, #field: #arg_ty) -> Self {
            self.#field = Some(#value);
            self
        }

        #[doc = #maybe_doc]
        #deprecated
        #must_use
        pub fn #maybe(mut self, #field: Option<#ty>) -> Self {
            self.#field = #field;
            self
        }
    }
}

/// The builder's doc: how to use it, naming the required fields' setters, and how to name
/// its type.
fn builder_doc(name: &Ident, s: &StructNames, b: &Builder) -> String {
    let required: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.field.required)
        .map(|f| format!("`{}`", f.setter))
        .collect();
    let build = names::BUILD;
    if required.is_empty() {
        return format!(
            "Builds a [`{name}`]: every field is optional; set those you need (`maybe_..` \
             takes an `Option`), then call `{build}`."
        );
    }
    let builder = &s.builder;
    let params: Vec<String> = b.required().map(|(_, _, p)| p.to_string()).collect();
    let complete: Vec<String> = b
        .required()
        .map(|(i, _, _)| rust::rust_type(&s.fields[i].field.ty, b.scope).to_string())
        // As a user names them: without the runtime's or the parent module's path.
        .map(|ty| {
            let runtime = format!("{}::", b.rt).replace(' ', "");
            ty.replace(' ', "")
                .replace(&runtime, "")
                .replace("super::", "")
        })
        .collect();
    format!(
        "Builds a [`{name}`]: set the required fields by name ({}), each once, and the \
         optional ones you need (`maybe_..` takes an `Option`), then call `{build}`, which \
         compiles once every required field is set.\n\nIts type is `{builder}<{}>`: one \
         parameter per required field, in that order, `Unset` until the field is set and \
         then the field's type. `{builder}` alone is the empty builder (every parameter \
         defaults to `Unset`), and `{builder}<{}>` the one ready to build.",
        required.join(", "),
        params.join(", "),
        complete.join(", "),
    )
}
