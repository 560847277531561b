//! Parent-operator (`%`) resolution of processAST: `seekParent`,
//! `pushAncestry` and `resolveAncestry` of parser.js.

use super::ast::{Kind, Node, Slot};
use crate::error::Error;

/// A parent slot while processing (`{label, level, index}`).
#[derive(Debug, Clone)]
pub struct SlotData {
    /// The label bound in tuples.
    pub label: String,
    /// How many steps up the parent still has to go.
    pub level: i64,
}

/// The slot arena of one parse.
#[derive(Debug, Default)]
pub struct Ancestry {
    /// Slots by id (jsonata's `ancestry` array, indexed by `slot.index`).
    pub slots: Vec<SlotData>,
}

impl Ancestry {
    /// Creates a new slot for a `%` node (`'!' + ancestorLabel++`).
    pub fn new_slot(&mut self) -> Slot {
        let id = self.slots.len();
        let label = format!("!{id}");
        self.slots.push(SlotData { label: label.clone(), level: 1 });
        Slot { id, label }
    }

    /// `seekParent(node, slot)`.
    pub fn seek_parent(&mut self, node: &mut Node, slot: usize) -> Result<(), Error> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                self.slots[slot].level -= 1;
                if self.slots[slot].level == 0 {
                    if let Some(existing) = &node.ancestor {
                        // reuse the existing label
                        self.slots[slot].label = self.slots[existing.id].label.clone();
                    }
                    node.ancestor = Some(Slot { id: slot, label: String::new() });
                    node.tuple = true;
                }
            }
            Kind::Parent(_) => self.slots[slot].level += 1,
            Kind::Block(exprs) => {
                if let Some(last) = exprs.last_mut() {
                    node.tuple = true;
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path(steps) => {
                node.tuple = true;
                let mut index = steps.len() as isize - 1;
                if index >= 0 {
                    self.seek_parent(&mut steps[index as usize], slot)?;
                    index -= 1;
                }
                while self.slots[slot].level > 0 && index >= 0 {
                    self.seek_parent(&mut steps[index as usize], slot)?;
                    index -= 1;
                }
            }
            _ => {
                return Err(Error::new("S0217").at(node.position).token(node.type_name()));
            }
        }
        Ok(())
    }

    /// `resolveAncestry(path)`.
    pub fn resolve(&mut self, path: &mut Node) -> Result<(), Error> {
        let Kind::Path(steps) = &mut path.kind else {
            return Ok(());
        };
        let Some(last) = steps.last() else {
            return Ok(());
        };
        let mut slots = last.seeking_parent.clone().unwrap_or_default();
        if let Kind::Parent(s) = &last.kind {
            slots.push(s.id);
        }
        let mut unresolved = Vec::new();
        for slot in slots {
            let mut index = steps.len() as isize - 2;
            while self.slots[slot].level > 0 {
                if index < 0 {
                    unresolved.push(slot);
                    break;
                }
                let mut i = index as usize;
                index -= 1;
                // multiple contiguous steps that bind the focus should be skipped
                while index >= 0 && steps[i].focus.is_some() && steps[index as usize].focus.is_some() {
                    i = index as usize;
                    index -= 1;
                }
                self.seek_parent(&mut steps[i], slot)?;
            }
        }
        if !unresolved.is_empty() {
            path.seeking_parent.get_or_insert_with(Vec::new).extend(unresolved);
        }
        Ok(())
    }
}

/// `pushAncestry(result, value)`.
pub fn push_ancestry(result: &mut Node, value: &Node) {
    let is_parent = matches!(value.kind, Kind::Parent(_));
    if value.seeking_parent.is_none() && !is_parent {
        return;
    }
    let mut slots = value.seeking_parent.clone().unwrap_or_default();
    if let Kind::Parent(s) = &value.kind {
        slots.push(s.id);
    }
    result.seeking_parent.get_or_insert_with(Vec::new).extend(slots);
}
