//! K: the checklist family. A document's validation checklist against the rules the
//! model says prove each item. These rules run after all others, on the findings of
//! every checked document (see `crate::checklist`).

pub mod false_tick;
pub mod unproven;
