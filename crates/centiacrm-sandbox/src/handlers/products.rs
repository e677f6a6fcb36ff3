//! `Products`: products and their category, validity, discount, measure, tax and input
//! catalogs. Products are not paginated.

use std::collections::BTreeMap;

use centiacrm_server::errors::UnknownRecord;
use centiacrm_server::errors::products::{
    CreateProductError, EditProductError, GetCategoriesError, GetDiscountsError, GetInputsError,
    GetMeasuresError, GetProductsError, GetTaxesError, GetValiditiesError,
};
use centiacrm_server::{Context, Products};
use centiacrm_types::products::{
    CreateProductParams, CreateProductResponse, EditProductParams, EditProductResponse,
    GetCategoriesParams, GetCategoriesResponse, GetDiscountsParams, GetDiscountsResponse,
    GetInputsParams, GetInputsResponse, GetMeasuresParams, GetMeasuresResponse, GetProductsParams,
    GetProductsResponse, GetTaxesParams, GetTaxesResponse, GetValiditiesParams,
    GetValiditiesResponse,
};
use centiacrm_types::{JsonObject, JsonValue};
use serde_json::{Value, json};

use super::inputs_with_values;
use crate::clock::Stamp;
use crate::store::{Kind, Profile, Store, new_record, require_entry, text, unknown_record};
use crate::{Sandbox, Session};

/// What CreateProduct and EditProduct both send, to check it once.
struct ProductFields<'a> {
    currency: Option<&'a str>,
    discount: Option<&'a str>,
    validity: Option<&'a str>,
    measure: Option<&'a str>,
    category: Option<&'a str>,
    taxes: Option<&'a [i64]>,
    inputs: Option<&'a BTreeMap<String, JsonValue>>,
}

macro_rules! product_fields {
    ($params:expr) => {
        ProductFields {
            currency: $params.profile_currency_type_id.as_deref(),
            discount: $params.product_discount_id.as_deref(),
            validity: $params.product_validity_id.as_deref(),
            measure: $params.product_measury_id.as_deref(),
            category: $params.product_category_id.as_deref(),
            taxes: $params.taxes.as_deref(),
            inputs: $params.inputs.as_ref(),
        }
    };
}

/// `unknown_record` unless every field fits the profile's catalogs.
fn check_product(profile: &Profile, fields: &ProductFields) -> Result<(), UnknownRecord> {
    let catalogs = &profile.catalogs;
    // These ids travel as strings (the reference types them so); they still name entries.
    let string_ids = [
        (
            "profile_currency_type_id",
            fields.currency,
            &catalogs.currencies,
            "currency type",
            "the sandbox's currencies: 1 MXN, 2 USD",
        ),
        (
            "product_discount_id",
            fields.discount,
            &catalogs.discounts,
            "discount",
            "Products.GetDiscounts",
        ),
        (
            "product_validity_id",
            fields.validity,
            &catalogs.validities,
            "validity",
            "Products.GetValidities",
        ),
        (
            "product_measury_id",
            fields.measure,
            &catalogs.measures,
            "measure",
            "Products.GetMeasures",
        ),
        (
            "product_category_id",
            fields.category,
            &catalogs.product_categories,
            "category",
            "Products.GetCategories",
        ),
    ];
    for (field, sent, catalog, what, listed_by) in string_ids {
        let Some(sent) = sent else { continue };
        let id: i64 = sent
            .trim()
            .parse()
            .map_err(|_| unknown_record(field, format!("`{sent}` is not an id of a {what}")))?;
        require_entry(catalog, id, field, what, listed_by)?;
    }
    for (i, &id) in fields.taxes.unwrap_or_default().iter().enumerate() {
        require_entry(
            &catalogs.taxes,
            id,
            &format!("taxes[{i}]"),
            "tax",
            "Products.GetTaxes",
        )?;
    }
    for slug in fields.inputs.into_iter().flat_map(BTreeMap::keys) {
        let known = catalogs
            .product_inputs
            .iter()
            .any(|input| text(input, "slug") == Some(slug.as_str()));
        if !known {
            return Err(unknown_record(
                &format!("inputs.{slug}"),
                "there is no product input with this slug (see Products.GetInputs)",
            ));
        }
    }
    Ok(())
}

impl Store {
    pub(crate) fn create_product(
        &mut self,
        session: Session,
        params: &CreateProductParams,
        at: Stamp,
    ) -> Result<JsonObject, CreateProductError> {
        check_product(
            self.profile(session, params.profile_id)?,
            &product_fields!(params),
        )?;
        let id = self.next_id(Kind::Product);
        let added = json!({ "created_by": session.user_id, "created_at": at.to_string() });
        let record = new_record(id, params, added);
        self.profile_mut(session, params.profile_id)?
            .products
            .insert(id, record.clone());
        Ok(record)
    }

    /// Sets the fields sent; optional fields left out keep their value.
    pub(crate) fn edit_product(
        &mut self,
        session: Session,
        params: &EditProductParams,
        at: Stamp,
    ) -> Result<JsonObject, EditProductError> {
        let profile = self.profile_mut(session, params.profile_id)?;
        let Some(product) = profile.products.get(&params.product_id) else {
            return Err(unknown_record(
                "product_id",
                format!(
                    "there is no product {} in profile {} (see Products.GetProducts)",
                    params.product_id, profile.id
                ),
            )
            .into());
        };
        check_product(profile, &product_fields!(params))?;
        let mut product = product.clone();
        let mut sent = match serde_json::to_value(params) {
            Ok(Value::Object(sent)) => sent,
            _ => JsonObject::new(),
        };
        // The id is the record's `id`; `product_id` only said which one to edit.
        sent.remove("product_id");
        product.extend(sent);
        product.insert("updated_at".into(), at.to_string().into());
        profile.products.insert(params.product_id, product.clone());
        Ok(product)
    }
}

impl Products for Sandbox {
    async fn get_products(
        &self,
        ctx: &Context<Session>,
        params: GetProductsParams,
    ) -> Result<GetProductsResponse, GetProductsError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let products = profile
            .products
            .values()
            .map(|product| {
                let mut product = product.clone();
                let values = product.remove("inputs");
                if params.with_inputs == Some(true) {
                    let inputs =
                        inputs_with_values(&profile.catalogs.product_inputs, values.as_ref());
                    product.insert("inputs".into(), inputs);
                }
                product
            })
            .collect();
        Ok(GetProductsResponse::builder().products(products).build())
    }

    async fn get_categories(
        &self,
        ctx: &Context<Session>,
        params: GetCategoriesParams,
    ) -> Result<GetCategoriesResponse, GetCategoriesError> {
        let store = self.read();
        let categories = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .product_categories
            .clone();
        Ok(GetCategoriesResponse::builder()
            .categories(categories)
            .build())
    }

    async fn get_validities(
        &self,
        ctx: &Context<Session>,
        params: GetValiditiesParams,
    ) -> Result<GetValiditiesResponse, GetValiditiesError> {
        let store = self.read();
        let validities = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .validities
            .clone();
        Ok(GetValiditiesResponse::builder()
            .validities(validities)
            .build())
    }

    async fn get_discounts(
        &self,
        ctx: &Context<Session>,
        params: GetDiscountsParams,
    ) -> Result<GetDiscountsResponse, GetDiscountsError> {
        let store = self.read();
        let discounts = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .discounts
            .clone();
        Ok(GetDiscountsResponse::builder().discounts(discounts).build())
    }

    async fn get_measures(
        &self,
        ctx: &Context<Session>,
        params: GetMeasuresParams,
    ) -> Result<GetMeasuresResponse, GetMeasuresError> {
        let store = self.read();
        let measures = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .measures
            .clone();
        Ok(GetMeasuresResponse::builder().measures(measures).build())
    }

    async fn get_taxes(
        &self,
        ctx: &Context<Session>,
        params: GetTaxesParams,
    ) -> Result<GetTaxesResponse, GetTaxesError> {
        let store = self.read();
        let taxes = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .taxes
            .clone();
        Ok(GetTaxesResponse::builder().taxes(taxes).build())
    }

    async fn get_inputs(
        &self,
        ctx: &Context<Session>,
        params: GetInputsParams,
    ) -> Result<GetInputsResponse, GetInputsError> {
        let store = self.read();
        let inputs = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .product_inputs
            .clone();
        Ok(GetInputsResponse::builder().inputs(inputs).build())
    }

    async fn create_product(
        &self,
        ctx: &Context<Session>,
        params: CreateProductParams,
    ) -> Result<CreateProductResponse, CreateProductError> {
        let product = self
            .write()
            .create_product(ctx.principal, &params, Stamp::now())?;
        Ok(CreateProductResponse::builder().product(product).build())
    }

    async fn edit_product(
        &self,
        ctx: &Context<Session>,
        params: EditProductParams,
    ) -> Result<EditProductResponse, EditProductError> {
        let product = self
            .write()
            .edit_product(ctx.principal, &params, Stamp::now())?;
        Ok(EditProductResponse::builder().product(product).build())
    }
}
