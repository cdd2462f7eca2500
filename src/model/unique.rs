//! Id maps that refuse a key written twice.
//!
//! Deserializing into an `IndexMap` keeps the last of two equal keys without a word,
//! so a second `web:` component would silently replace the first. Refusing it here,
//! during the one typed parse, spares the model loader a second, untyped parse of
//! every model just to look for duplicates; the loader words and locates the error
//! (see `prescan::untyped`).

use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};

/// The message a duplicate key fails with; the loader recognises it.
pub(crate) const DUPLICATE: &str = "duplicate id";

/// `#[serde(deserialize_with = "unique::map")]` for an `IndexMap<String, V>`.
pub(crate) fn map<'de, D, V>(deserializer: D) -> Result<IndexMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    deserializer.deserialize_map(UniqueMap(PhantomData))
}

struct UniqueMap<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for UniqueMap<V> {
    type Value = IndexMap<String, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of ids")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = IndexMap::with_capacity(access.size_hint().unwrap_or(0).min(4096));
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(A::Error::custom(format_args!("{DUPLICATE} `{key}`")));
            }
            let value = access.next_value()?;
            map.insert(key, value);
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Ids {
        #[serde(deserialize_with = "map")]
        ids: IndexMap<String, u32>,
    }

    #[test]
    fn distinct_keys_keep_their_order() {
        let ids: Ids = serde_yaml::from_str("ids: { b: 1, a: 2 }").unwrap();
        assert_eq!(ids.ids.keys().collect::<Vec<_>>(), ["b", "a"]);
    }

    #[test]
    fn a_repeated_key_is_refused() {
        let e = serde_yaml::from_str::<Ids>("ids:\n  a: 1\n  a: 2\n")
            .err()
            .expect("refused");
        assert!(e.to_string().contains("duplicate id `a`"), "{e}");
    }
}
