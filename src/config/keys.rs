//! Every `section.key` the configuration knows, read from the config types
//! themselves: serde hands a struct's field names to the deserializer it is
//! read from, so a deserializer that only listens learns them without any value.
//! A key added to a section's struct is known to the file and environment
//! layers at once; there is no second list to forget.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::de::value::Error;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

/// Sections and their keys of `T`, a struct of section structs (`[server]`,
/// `[restaurant]`, …), in declaration order.
pub(super) fn sections_of<T: DeserializeOwned>() -> BTreeMap<String, Vec<String>> {
    let sections = fields_of::<T>();
    let mut out = BTreeMap::new();
    for section in sections {
        let heard = RefCell::new(None);
        // The walk stops (with an error) once the section's struct has told its fields.
        let _ = T::deserialize(Top {
            only: section,
            heard: &heard,
        });
        let keys = heard.take().unwrap_or_default();
        out.insert(
            section.to_string(),
            keys.iter().map(|k| (*k).to_string()).collect(),
        );
    }
    out
}

/// The field names of the struct `T`.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let heard = RefCell::new(None);
    let _ = T::deserialize(Listen { heard: &heard });
    heard.take().unwrap_or_default()
}

const DONE: &str = "field names heard";

/// Hears the field names of the struct deserialized from it, then stops.
struct Listen<'a> {
    heard: &'a RefCell<Option<&'static [&'static str]>>,
}

impl<'de> de::Deserializer<'de> for Listen<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Error> {
        *self.heard.borrow_mut() = Some(fields);
        Err(de::Error::custom(DONE))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

/// The whole configuration, offering one section only, whose struct is heard.
struct Top<'a> {
    only: &'static str,
    heard: &'a RefCell<Option<&'static [&'static str]>>,
}

impl<'de> de::Deserializer<'de> for Top<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_map(OneSection {
            key: Some(self.only),
            heard: self.heard,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct OneSection<'a> {
    key: Option<&'static str>,
    heard: &'a RefCell<Option<&'static [&'static str]>>,
}

impl<'de> MapAccess<'de> for OneSection<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.key {
            Some(k) => seed
                .deserialize(IntoDeserializer::<Error>::into_deserializer(k))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.key = None;
        seed.deserialize(Listen { heard: self.heard })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        a: u32,
        #[serde(default)]
        b: Option<toml::Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        one: Inner,
        #[serde(default)]
        two: Option<Inner>,
    }

    #[test]
    fn hears_every_section_and_key() {
        let s = sections_of::<Outer>();
        assert_eq!(s.len(), 2);
        assert_eq!(s["one"], ["a", "b"]);
        assert_eq!(s["two"], ["a", "b"]);
    }
}
