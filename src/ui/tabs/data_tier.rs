//! The data tier under the scaling tab: database nodes with role, CPU, queries per second, query
//! time, connections and replica lag against the ALAWAEL plan's targets, and the cache's hit
//! ratio and connection pool.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::TabInput;
use super::second_table;
use crate::app::table::{Secondary, TierColumn, TierRow};
use crate::domain::scaling::database_targets as db;
use crate::domain::{CacheStatus, DatabaseNode, DatabaseRole, ScalingView};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

/// Rows the data tier wants: its rows, a header and borders (or a border around the note that
/// the source has none).
pub fn height(scaling: &ScalingView) -> u16 {
    let rows = scaling.databases.len() + usize::from(scaling.cache.is_some());
    if rows == 0 {
        3
    } else {
        u16::try_from(rows + 3).unwrap_or(u16::MAX)
    }
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    scaling: &ScalingView,
    input: &TabInput,
    secondary: Option<&mut Secondary>,
    context: &RenderContext,
) {
    let rows = TierRow::of(scaling);
    if rows.is_empty() {
        let note = Paragraph::new("no database or cache figures from this source")
            .style(context.style(Role::Unknown))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(context.style(Role::Border))
                    .title(" Data tier "),
            );
        frame.render_widget(note, area);
        return;
    }
    // Short enough to stay whole beside the row count at 80 columns.
    let title = format!(
        "Data tier · plan qps<{:.0} query<{:.0}ms lag<{:.0}s cpu<{:.0}%",
        db::QPS,
        db::QUERY_MS,
        db::LAG_SECONDS,
        db::CPU_PERCENT
    );
    second_table(
        frame,
        area,
        &title,
        &rows,
        (input.stale, secondary),
        context,
        |column, row| match row {
            TierRow::Database(node) => database_cell(column, node, context),
            TierRow::Cache(cache) => cache_cell(column, cache, context),
        },
    );
}

fn database_cell<'a>(
    column: TierColumn,
    node: &'a DatabaseNode,
    context: &RenderContext,
) -> Line<'a> {
    match column {
        TierColumn::Node => Line::from(node.name.as_str()),
        TierColumn::Role => {
            let (label, health) = node.state();
            context.judged(label, health)
        }
        TierColumn::Cpu => context.judged(format::percent(node.cpu_percent), node.cpu_health()),
        TierColumn::Qps => context.judged(format::rate(node.queries_per_second), node.qps_health()),
        TierColumn::P95 => {
            context.judged(format::millis(node.query_p95_ms), node.query_p95_health())
        }
        TierColumn::P99 => {
            context.judged(format::millis(node.query_p99_ms), node.query_p99_health())
        }
        TierColumn::Connections => {
            let text = match (node.connections, node.pool_size) {
                (Some(used), Some(size)) => format!("{used}/{size}"),
                _ => format::MISSING.to_string(),
            };
            context.judged(text, node.pool_health())
        }
        // A primary has no lag; a replica without a figure says so.
        TierColumn::Lag => match node.role {
            DatabaseRole::Primary => Line::default(),
            DatabaseRole::Replica => context.judged(
                format::seconds(node.replication_lag_seconds),
                node.lag_health(),
            ),
        },
        TierColumn::Hit => Line::default(),
        TierColumn::Class => Line::styled(node.class.as_str(), context.style(Role::Muted)),
    }
}

/// The cache has a name, a hit ratio and a pool; its other columns stay empty.
fn cache_cell<'a>(column: TierColumn, cache: &'a CacheStatus, context: &RenderContext) -> Line<'a> {
    match column {
        TierColumn::Node => Line::from(cache.name.as_str()),
        TierColumn::Role => Line::styled("cache", context.style(Role::Muted)),
        TierColumn::Connections => {
            Line::from(format!("{}/{}", cache.connections_in_use, cache.pool_size))
        }
        TierColumn::Hit => {
            context.judged(format::ratio_percent(cache.hit_ratio), cache.hit_health())
        }
        TierColumn::Cpu
        | TierColumn::Qps
        | TierColumn::P95
        | TierColumn::P99
        | TierColumn::Lag
        | TierColumn::Class => Line::default(),
    }
}
