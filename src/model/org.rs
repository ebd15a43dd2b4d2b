//! Organisational units: who reports, as a tree.

use super::id::OrgId;

/// A unit that reports, with the units below it: a township and its
/// residents' committees.
///
/// ```
/// use workreport::{OrgId, OrgUnit};
///
/// let township = OrgUnit::new(OrgId::new("township")?, "X 镇")
///     .child(OrgUnit::new(OrgId::new("nanshui")?, "南水屯居委会"))
///     .child(OrgUnit::new(OrgId::new("beishui")?, "北水屯居委会"));
/// assert_eq!(township.iter().count(), 3);
/// assert_eq!(township.find("beishui").map(|u| u.name.as_str()), Some("北水屯居委会"));
/// assert_eq!(township.leaves().count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnit {
    /// The unit's id, unique in the tree.
    pub id: OrgId,
    /// The unit's name as written (may hold a placeholder such as `X 居委会`).
    pub name: String,
    /// The English name, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The units below this one, in their report order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<OrgUnit>,
}

impl OrgUnit {
    /// A unit with no children.
    pub fn new(id: OrgId, name: impl Into<String>) -> OrgUnit {
        OrgUnit { id, name: name.into(), name_en: None, children: Vec::new() }
    }

    /// The unit with an English name.
    pub fn name_en(mut self, name: impl Into<String>) -> OrgUnit {
        self.name_en = Some(name.into());
        self
    }

    /// The unit with one more child.
    pub fn child(mut self, child: OrgUnit) -> OrgUnit {
        self.children.push(child);
        self
    }

    /// This unit and every unit below it, depth first, parents before children.
    pub fn iter(&self) -> impl Iterator<Item = &OrgUnit> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(next.children.iter().rev());
            Some(next)
        })
    }

    /// The units with no children below this one (this unit if it has none).
    pub fn leaves(&self) -> impl Iterator<Item = &OrgUnit> {
        self.iter().filter(|u| u.children.is_empty())
    }

    /// The unit with `id` in this tree.
    pub fn find(&self, id: &str) -> Option<&OrgUnit> {
        self.iter().find(|u| u.id.as_str() == id)
    }

    /// The ids from this unit down to the unit with `id` (both included),
    /// or `None` when `id` is not in the tree.
    pub fn path_to(&self, id: &str) -> Option<Vec<&OrgId>> {
        if self.id.as_str() == id {
            return Some(vec![&self.id]);
        }
        self.children.iter().find_map(|c| {
            let mut path = c.path_to(id)?;
            path.insert(0, &self.id);
            Some(path)
        })
    }
}
