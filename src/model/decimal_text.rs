//! Serde for decimals as strings, so no digit is lost on the way through JSON.

pub(crate) mod option {
    use rust_decimal::Decimal;

    pub(crate) fn serialize<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
        text.map(|t| {
            t.parse::<Decimal>().map_err(|_| serde::de::Error::custom(format!("{t:?} is not a decimal number")))
        })
        .transpose()
    }
}

/// A decimal as a string.
pub(crate) fn serialize<S: serde::Serializer>(d: &rust_decimal::Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}
