//! The catalog: the shared set of metrics that lets reports from many
//! units be added up.

use std::collections::BTreeMap;

use crate::quantity::Unit;

use super::id::MetricKey;

/// How values of a metric add up across units and periods (DESIGN §4).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// Activities held, money invested: sums across units and adjacent periods.
    #[default]
    Flow,
    /// A level at a date (teams, members at year end): sums across units at
    /// the same date, never over time.
    Stock,
    /// A running total (`累计发布 120 条`): differences over time.
    Cumulative,
    /// A ratio, rate or percent: recomputed from numerator and denominator.
    Ratio,
    /// Distinct people or things (`人`): sums only when units cannot overlap.
    DistinctCount,
    /// Ranks, names, "first place": listed, never added.
    NonAdditive,
}

/// Which way a metric is better.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (activities held, coverage).
    HigherIsBetter,
    /// Less is better (complaints, incidents).
    LowerIsBetter,
    /// Neither.
    #[default]
    Neutral,
}

/// A metric's names: Chinese, English, and the other ways reports word it.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// The Chinese label.
    pub zh: String,
    /// The English label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// A catalog entry: what one figure of a report measures.
///
/// ```
/// use workreport::{Metric, MetricKind, Unit};
///
/// let m = Metric::new("ideology_review_meetings".parse()?, "意识形态分析研判会", "次".parse()?)
///     .en("ideology review meetings")
///     .alias("召开意识形态分析研判会")
///     .kind(MetricKind::Flow);
/// assert!(m.matches("组织召开意识形态分析研判会"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// The key figures and observations refer to.
    pub key: MetricKey,
    /// Chinese and English labels.
    pub label: Labels,
    /// More wordings that name this metric in prose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The unit values are given in; other scales of the same dimension convert.
    pub unit: Unit,
    /// How values add up.
    #[serde(default)]
    pub kind: MetricKind,
    /// Which way is better.
    #[serde(default)]
    pub direction: Direction,
    /// For a ratio: the metric above the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<MetricKey>,
    /// For a ratio: the metric below the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<MetricKey>,
    /// For a distinct count: whether units' sets cannot overlap, so the
    /// counts may be summed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disjoint: bool,
    /// Work areas or other groups the metric belongs to (`宣传`, an area
    /// id), for totals by group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Metric {
    /// A flow metric with a Chinese label and a unit.
    pub fn new(key: MetricKey, label_zh: impl Into<String>, unit: Unit) -> Metric {
        Metric {
            key,
            label: Labels { zh: label_zh.into(), en: None },
            aliases: Vec::new(),
            unit,
            kind: MetricKind::Flow,
            direction: Direction::Neutral,
            numerator: None,
            denominator: None,
            disjoint: false,
            tags: Vec::new(),
        }
    }

    /// The metric with one more tag (a work area, a group).
    pub fn tag(mut self, tag: impl Into<String>) -> Metric {
        self.tags.push(tag.into());
        self
    }

    /// The metric with an English label.
    pub fn en(mut self, label: impl Into<String>) -> Metric {
        self.label.en = Some(label.into());
        self
    }

    /// The metric with one more alias.
    pub fn alias(mut self, alias: impl Into<String>) -> Metric {
        self.aliases.push(alias.into());
        self
    }

    /// The metric with a kind.
    pub fn kind(mut self, kind: MetricKind) -> Metric {
        self.kind = kind;
        self
    }

    /// The metric with a direction.
    pub fn direction(mut self, direction: Direction) -> Metric {
        self.direction = direction;
        self
    }

    /// A ratio metric computed from two others.
    pub fn ratio_of(mut self, numerator: MetricKey, denominator: MetricKey) -> Metric {
        self.kind = MetricKind::Ratio;
        self.numerator = Some(numerator);
        self.denominator = Some(denominator);
        self
    }

    /// A distinct count whose units' sets cannot overlap.
    pub fn disjoint(mut self) -> Metric {
        self.disjoint = true;
        self
    }

    /// The labels and aliases, the ways text names this metric.
    pub fn wordings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.zh.as_str())
            .chain(self.label.en.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
            .filter(|w| !w.is_empty())
    }

    /// Whether `text` contains one of the metric's wordings.
    pub fn matches(&self, text: &str) -> bool {
        self.wordings().any(|w| text.contains(w))
    }
}

/// Why a set of metrics is not a catalog.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("metrics[{index}] (`{key}`): {message}")]
pub struct CatalogError {
    /// The index of the offending metric.
    pub index: usize,
    /// Its key.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// The shared set of metrics, sorted by key.
///
/// ```
/// use workreport::{Catalog, Metric};
///
/// let catalog = Catalog::new(vec![
///     Metric::new("posts".parse()?, "微信工作动态", "条".parse()?).alias("发布微信工作动态"),
///     Metric::new("investment".parse()?, "投资", "万元".parse()?),
/// ])?;
/// assert_eq!(catalog.len(), 2);
/// assert_eq!(catalog.bind("年初以来共发布微信工作动态").map(|m| m.key.as_str()), Some("posts"));
/// assert!(catalog.get("investment").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Catalog {
    metrics: Vec<Metric>,
    #[serde(skip)]
    index: BTreeMap<MetricKey, usize>,
}

impl Catalog {
    /// A catalog of `metrics`.
    ///
    /// # Errors
    ///
    /// On a duplicate key, a ratio that names a metric not in the catalog
    /// or lacks a numerator or denominator, and a wording shared by two metrics.
    pub fn new(metrics: Vec<Metric>) -> Result<Catalog, CatalogError> {
        let err = |index: usize, m: &Metric, message: String| CatalogError { index, key: m.key.to_string(), message };
        let mut index = BTreeMap::new();
        for (i, m) in metrics.iter().enumerate() {
            if let Some(first) = index.insert(m.key.clone(), i) {
                return Err(err(i, m, format!("duplicate key, first at metrics[{first}]")));
            }
        }
        let mut wordings: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, m) in metrics.iter().enumerate() {
            let link_ok = |k: &Option<MetricKey>| k.as_ref().is_none_or(|k| index.contains_key(k));
            if !link_ok(&m.numerator) || !link_ok(&m.denominator) {
                return Err(err(i, m, "numerator or denominator is not in the catalog".to_owned()));
            }
            if m.kind == MetricKind::Ratio && m.numerator.is_some() != m.denominator.is_some() {
                return Err(err(i, m, "a ratio needs both a numerator and a denominator, or neither".to_owned()));
            }
            for w in m.wordings() {
                match wordings.insert(w, i) {
                    Some(other) if other != i => {
                        return Err(err(i, m, format!("wording {w:?} also names `{}`", metrics[other].key)));
                    }
                    _ => {}
                }
            }
        }
        let mut metrics = metrics;
        metrics.sort_by(|a, b| a.key.cmp(&b.key));
        let index = metrics.iter().enumerate().map(|(i, m)| (m.key.clone(), i)).collect();
        Ok(Catalog { metrics, index })
    }

    /// The metric with `key`.
    pub fn get(&self, key: &str) -> Option<&Metric> {
        self.index.get(key).map(|&i| &self.metrics[i])
    }

    /// The metrics, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = &Metric> {
        self.metrics.iter()
    }

    /// The number of metrics.
    pub fn len(&self) -> usize {
        self.metrics.len()
    }

    /// Whether there are no metrics.
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The metric one of whose wordings `text` contains; the longest
    /// wording wins, then the smallest key, so the answer is deterministic.
    pub fn bind(&self, text: &str) -> Option<&Metric> {
        self.metrics
            .iter()
            .filter_map(|m| {
                let best = m.wordings().filter(|w| text.contains(w)).map(str::len).max()?;
                Some((best, m))
            })
            .max_by(|(la, a), (lb, b)| la.cmp(lb).then(b.key.cmp(&a.key)))
            .map(|(_, m)| m)
    }
}

impl<'de> serde::Deserialize<'de> for Catalog {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Catalog, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            metrics: Vec<Metric>,
        }
        let wire = Wire::deserialize(deserializer)?;
        Catalog::new(wire.metrics).map_err(serde::de::Error::custom)
    }
}
