//! What the simulated fleet says about one subject beyond the tabs' figures: the same model,
//! asked only while a detail view (or `describe`) has the subject open. One file per kind.

mod group;

use crate::domain::detail::{Kind, ObjectDetail, Subject};

use super::Simulator;

impl Simulator {
    /// `None` when the subject does not exist here (or its kind needs no extras).
    pub fn detail(&self, subject: &Subject) -> Option<ObjectDetail> {
        let (extras, provenance) = match subject.kind {
            Kind::Group => self.group_detail(&subject.name),
            Kind::Service
            | Kind::Database
            | Kind::Cost
            | Kind::Certificate
            | Kind::Finding
            | Kind::Check
            | Kind::Criterion => None,
        }?;
        Some(ObjectDetail {
            subject: subject.clone(),
            extras,
            provenance,
        })
    }
}
