//! Security's table of the worst open findings: the tab's second table, which the keys reach
//! with `w` (Enter opens a finding).

use super::{ColumnSpec, Columns, SortKey};
use crate::domain::Finding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingColumn {
    Title,
    Severity,
    Control,
    Resource,
    Workflow,
    Updated,
}

impl Columns for FindingColumn {
    type Row = Finding;
    const ALL: &'static [Self] = &[
        Self::Title,
        Self::Severity,
        Self::Control,
        Self::Resource,
        Self::Workflow,
        Self::Updated,
    ];
    /// The most severe first; ties keep the source's order (most recently updated first).
    const DEFAULT_SORT: (Self, bool) = (Self::Severity, false);

    fn spec(self) -> ColumnSpec {
        match self {
            Self::Title => ColumnSpec::text("finding", "finding", 0, 20, 40),
            Self::Severity => ColumnSpec::text("severity", "sev", 1, 8, 8),
            Self::Control => ColumnSpec::text("control", "ctrl", 2, 7, 8),
            Self::Resource => ColumnSpec::text("resource", "resource", 3, 16, 60),
            Self::Workflow => ColumnSpec::text("workflow", "status", 4, 8, 10),
            Self::Updated => ColumnSpec::text("updated", "updated", 5, 16, 16),
        }
    }

    fn sort_key(self, f: &Finding) -> SortKey {
        let text = |t: Option<&String>| SortKey::Text(t.cloned().unwrap_or_default());
        match self {
            Self::Title => SortKey::Text(f.title.clone()),
            Self::Severity => SortKey::rank(f.severity as usize),
            Self::Control => text(f.control.as_ref()),
            Self::Resource => text(f.resource.as_ref()),
            Self::Workflow => SortKey::rank(f.workflow as usize),
            #[allow(clippy::cast_precision_loss)]
            Self::Updated => SortKey::Number(f.updated_at.map(|t| t.timestamp() as f64)),
        }
    }

    fn id(f: &Finding) -> String {
        f.id.clone()
    }

    fn filter_text(f: &Finding) -> String {
        format!("{} {}", f.title, f.resource.as_deref().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::TableView;
    use crate::app::table::order;
    use crate::domain::{Severity, WorkflowStatus};

    fn finding(id: &str, severity: Severity) -> Finding {
        Finding {
            id: id.into(),
            title: id.into(),
            severity,
            workflow: WorkflowStatus::New,
            control: None,
            resource: None,
            updated_at: None,
        }
    }

    #[test]
    fn the_most_severe_come_first_and_ties_keep_the_source_order() {
        let rows = [
            finding("medium", Severity::Medium),
            finding("critical-newer", Severity::Critical),
            finding("low", Severity::Low),
            finding("critical-older", Severity::Critical),
        ];
        let (column, descending) = FindingColumn::DEFAULT_SORT;
        let view = TableView::sorted_by(column.index(), descending);
        assert_eq!(order::<FindingColumn>(&rows, &view), [1, 3, 0, 2]);
    }
}
