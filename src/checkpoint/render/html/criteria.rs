//! The success criteria: one row each with this week against last week, the verdict in words
//! and symbol, and the 8-week chart; then how each one is measured.

use crate::domain::checkpoint::{CriterionResult, Verdict, WeeklyReport};

use super::{chart, esc, format};

pub fn table(out: &mut String, report: &WeeklyReport) {
    out.push_str(&format!(
        "<section>\n<h2>Success criteria <span class=\"count\">· {}</span></h2>\n",
        report.criteria.len()
    ));
    out.push_str(
        "<table class=\"criteria\">\n<thead><tr><th>Criterion</th><th>Target</th>\
         <th class=\"num\">This week</th><th class=\"num\">Last week</th>\
         <th class=\"num\">Δ</th><th>Status</th><th>Trend · 8 weeks</th><th>Owner</th>\
         <th>Blocking</th></tr></thead>\n<tbody>\n",
    );
    for c in &report.criteria {
        row(out, c);
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(
        "<p class=\"legend\">Trend: oldest week left, this week the large dot; dashed line: the \
         target; shaded: where the target is met; ✕ with a dotted line: a week without data.</p>\n\
         </section>\n",
    );
}

fn row(out: &mut String, c: &CriterionResult) {
    let note = match (c.verdict, &c.note) {
        (Verdict::Unknown, Some(note)) => {
            format!("<div class=\"note\">Unknown: {}</div>", esc(note))
        }
        (Verdict::Unknown, None) => "<div class=\"note\">Unknown: no reason recorded</div>".into(),
        (Verdict::Missed, Some(note)) => format!("<div class=\"note\">Missed: {}</div>", esc(note)),
        _ => String::new(),
    };
    let delta = format::delta(c).map_or_else(
        || format!("<span class=\"muted\">{}</span>", format::MISSING),
        |d| {
            let class = match d.improved {
                Some(true) => "better",
                Some(false) => "worse",
                None => "muted",
            };
            format!(
                "<span class=\"{class}\">{} {}</span><div class=\"sub\">{}</div>",
                d.arrow,
                esc(&d.text),
                d.judgement()
            )
        },
    );
    let blocking = if c.blocking {
        "<span class=\"blocking\">yes</span>"
    } else {
        "<span class=\"muted\">no</span>"
    };
    out.push_str(&format!(
        "<tr class=\"{}\"><td><div class=\"name\">{}</div>{note}</td><td class=\"num\">{}</td>\
         <td class=\"num\"><strong>{}</strong></td><td class=\"num\">{}</td>\
         <td class=\"num\">{delta}</td><td>{}<div class=\"sub\">last week: {}</div></td>\
         <td class=\"trend\">{}</td><td>{}</td><td>{blocking}</td></tr>\n",
        c.verdict.label(),
        esc(&c.name),
        esc(&format::target(c)),
        esc(&format::value(c, c.this_week)),
        esc(&format::value(c, c.last_week)),
        verdict(c.verdict),
        c.last_verdict.label(),
        chart::trend(c),
        esc(&c.owner),
    ));
}

/// The verdict as a badge whose symbol and word carry it without colour.
fn verdict(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "<span class=\"verdict met\">✓ Met</span>",
        Verdict::Missed => "<span class=\"verdict missed\">✗ Missed</span>",
        Verdict::Unknown => "<span class=\"verdict unknown\">? Unknown</span>",
    }
}

/// How each criterion is measured, for the reviewer who asks where a number comes from.
pub fn definitions(out: &mut String, report: &WeeklyReport) {
    if report.criteria.is_empty() {
        return;
    }
    out.push_str(
        "<section>\n<h2>How the criteria are measured</h2>\n<table class=\"definitions\">\n\
         <thead><tr><th>Criterion</th><th>Over the week</th><th>Measured by</th></tr></thead>\n\
         <tbody>\n",
    );
    for c in &report.criteria {
        out.push_str(&format!(
            "<tr><td class=\"name\">{}</td><td>{}</td><td><code>{}</code>{}</td></tr>\n",
            esc(&c.name),
            esc(&c.aggregation),
            esc(&c.measured_by),
            c.definition.as_ref().map_or_else(String::new, |d| format!(
                "<div class=\"sub\">{}</div>",
                esc(d)
            ))
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
