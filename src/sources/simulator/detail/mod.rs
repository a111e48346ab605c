//! What the simulated fleet says about one subject beyond the tabs' figures: the same model,
//! asked only while a detail view (or `describe`) has the subject open. Each kind's part lives
//! beside the model it reads, or in a file of its own here.

mod group;

use crate::domain::detail::{Kind, ObjectDetail, Subject};

use super::Simulator;

impl Simulator {
    /// `None` when the subject does not exist here (or its kind needs no extras).
    pub fn detail(&self, subject: &Subject) -> Option<ObjectDetail> {
        let name = subject.name.as_str();
        let (extras, provenance) = match subject.kind {
            Kind::Group => self.group_detail(name)?,
            Kind::Database => self.data_tier.detail(name)?,
            Kind::Cost => self.cost_detail(name)?,
            Kind::Service | Kind::Certificate | Kind::Finding | Kind::Check | Kind::Criterion => {
                return None;
            }
        };
        Some(ObjectDetail {
            subject: subject.clone(),
            extras,
            provenance,
        })
    }
}
