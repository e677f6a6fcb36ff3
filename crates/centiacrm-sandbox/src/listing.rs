//! What the list methods share: filters on records and pagination.

use centiacrm_types::{DateRange, JsonObject};

use crate::clock::{Day, parse_day};
use crate::store::{int, text};

/// The page size when `pagination` is not sent, as the reference documents.
pub(crate) const DEFAULT_PAGE_SIZE: i64 = 500;

/// One page of a filtered list.
pub(crate) struct Paged {
    pub total: i64,
    pub current_page: i64,
    pub last_page: i64,
    pub items: Vec<JsonObject>,
}

/// Cuts page `page` (1-based, default 1) of `pagination` items (default 500) out of
/// `items`. `last_page` is at least 1, so an empty list has one empty page; a page past
/// the last is empty but still answered as the page asked for.
pub(crate) fn paginate(
    items: Vec<JsonObject>,
    pagination: Option<i64>,
    page: Option<i64>,
) -> Paged {
    // The spec's `minimum: 1` has the server refuse smaller ones before this runs.
    let size = pagination.unwrap_or(DEFAULT_PAGE_SIZE).max(1);
    let page = page.unwrap_or(1).max(1);
    let total = items.len() as i64;
    let last_page = (total / size + i64::from(total % size != 0)).max(1);
    // Saturating: a huge page number or size must not overflow.
    let skip = (page - 1).saturating_mul(size);
    let items = items
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    Paged {
        total,
        current_page: page,
        last_page,
        items,
    }
}

/// Whether the record's `key` is one of `ids`; no filter, or an empty one, keeps all.
pub(crate) fn id_in(record: &JsonObject, key: &str, ids: Option<&[i64]>) -> bool {
    match ids {
        None | Some([]) => true,
        Some(ids) => int(record, key).is_some_and(|id| ids.contains(&id)),
    }
}

/// Whether the day that the record's `key` starts with is within `range` (both ends
/// included). A record without that date passes only when the range bounds nothing.
pub(crate) fn day_in(record: &JsonObject, key: &str, range: Option<&DateRange>) -> bool {
    let Some(range) = range else { return true };
    let day = |d: centiacrm_types::DayMonthYear| -> Day { (d.year(), d.month(), d.day()) };
    let (from, to) = (range.from.map(day), range.to.map(day));
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(value) = text(record, key).and_then(parse_day) else {
        return false;
    };
    from.is_none_or(|from| value >= from) && to.is_none_or(|to| value <= to)
}

/// Whether any of the record's `keys` contains `query`, ignoring case; no query, or a
/// blank one, keeps all.
pub(crate) fn matches_query(record: &JsonObject, keys: &[&str], query: Option<&str>) -> bool {
    let Some(query) = query.map(str::trim).filter(|q| !q.is_empty()) else {
        return true;
    };
    let query = query.to_lowercase();
    keys.iter()
        .filter_map(|key| text(record, key))
        .any(|value| value.to_lowercase().contains(&query))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::object;
    use serde_json::json;

    fn records(n: i64) -> Vec<JsonObject> {
        (1..=n).map(|id| object(json!({ "id": id }))).collect()
    }

    fn ids(page: &Paged) -> Vec<i64> {
        page.items.iter().map(|r| int(r, "id").unwrap()).collect()
    }

    #[test]
    fn pages_cover_the_list_once() {
        let page = paginate(records(23), Some(5), Some(5));
        assert_eq!((page.total, page.current_page, page.last_page), (23, 5, 5));
        assert_eq!(ids(&page), [21, 22, 23]);
        let page = paginate(records(23), Some(5), None);
        assert_eq!(ids(&page), [1, 2, 3, 4, 5]);
        let page = paginate(records(23), None, None);
        assert_eq!((page.items.len(), page.last_page), (23, 1));
        let page = paginate(records(20), Some(5), Some(6));
        assert_eq!(
            (page.items.len(), page.current_page, page.last_page),
            (0, 6, 4)
        );
        let page = paginate(Vec::new(), Some(5), None);
        assert_eq!((page.total, page.last_page), (0, 1));
        let page = paginate(records(3), Some(i64::MAX), Some(i64::MAX));
        assert!(page.items.is_empty());
    }

    #[test]
    fn filters() {
        let record = object(json!({
            "id": 1, "type_id": 2, "name": "Acme Industrial",
            "created_at": "2024-03-15 12:00:00",
        }));
        assert!(id_in(&record, "type_id", None));
        assert!(id_in(&record, "type_id", Some(&[])));
        assert!(id_in(&record, "type_id", Some(&[1, 2])));
        assert!(!id_in(&record, "type_id", Some(&[3])));
        assert!(!id_in(&record, "industry_id", Some(&[3])));

        let range = |from: &str, to: &str| {
            let mut range = DateRange::default();
            range.from = (!from.is_empty()).then(|| from.parse().unwrap());
            range.to = (!to.is_empty()).then(|| to.parse().unwrap());
            range
        };
        assert!(day_in(&record, "created_at", None));
        assert!(day_in(
            &record,
            "created_at",
            Some(&range("15/03/24", "15/03/24"))
        ));
        assert!(day_in(&record, "created_at", Some(&range("01/01/24", ""))));
        assert!(!day_in(&record, "created_at", Some(&range("16/03/24", ""))));
        assert!(!day_in(&record, "created_at", Some(&range("", "14/03/24"))));
        assert!(!day_in(&record, "closed_at", Some(&range("", "14/03/24"))));
        assert!(day_in(&record, "closed_at", Some(&range("", ""))));

        assert!(matches_query(&record, &["name"], Some("  ACME ")));
        assert!(matches_query(&record, &["name"], Some(" ")));
        assert!(!matches_query(&record, &["name"], Some("zeta")));
        assert!(!matches_query(&record, &["rfc"], Some("acme")));
    }
}
