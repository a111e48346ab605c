//! The report as one HTML5 file to attach to a review: inline styles and inline SVG only, no
//! script and nothing to fetch (its Content-Security-Policy forbids it too), readable when
//! printed in black and white, every string from the report escaped.

mod chart;
mod criteria;
mod sections;

use crate::domain::checkpoint::WeeklyReport;

use super::escape::html as esc;
use crate::domain::checkpoint::format;

const STYLE: &str = include_str!("style.css");

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

pub fn html(report: &WeeklyReport) -> String {
    let title = format!("Weekly checkpoint {} · {}", report.week, report.environment);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
    ));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<style>\n{STYLE}</style>\n",
        esc(&title)
    ));
    out.push_str("</head>\n<body>\n<main>\n");
    header(&mut out, report);
    summary(&mut out, report);
    criteria::table(&mut out, report);
    sections::phase(&mut out, report);
    sections::runs(&mut out, report);
    sections::alerts(&mut out, report);
    criteria::definitions(&mut out, report);
    out.push_str(&format!(
        "<footer>opsconsole weekly checkpoint · report schema {} · generated {}</footer>\n",
        report.schema,
        esc(&format::time(report, report.generated_at))
    ));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, report: &WeeklyReport) {
    let partial = if report.partial {
        " <span class=\"pill partial\">Week to date</span>"
    } else {
        ""
    };
    out.push_str(&format!(
        "<header class=\"masthead\">\n<div class=\"eyebrow\">Weekly checkpoint · {}</div>\n\
         <h1>{}{partial}</h1>\n<p class=\"meta\">{} · generated {}</p>\n</header>\n",
        esc(&report.environment),
        esc(&report.week),
        esc(&format::period(report)),
        esc(&format::time(report, report.generated_at)),
    ));
}

fn summary(out: &mut String, report: &WeeklyReport) {
    let s = &report.summary;
    let failures = format::blocking_failures(report);
    let blocking_class = if failures.is_empty() { "ok" } else { "bad" };
    out.push_str("<section aria-label=\"Summary\">\n<div class=\"tiles\">\n");
    for (class, count, label) in [
        ("met", s.met, "✓ met"),
        ("missed", s.missed, "✗ missed"),
        ("unknown", s.unknown, "? unknown"),
        (blocking_class, failures.len(), "blocking not met"),
    ] {
        out.push_str(&format!(
            "<div class=\"tile {class}\"><span class=\"n\">{count}</span>\
             <span class=\"l\">{label}</span></div>\n"
        ));
    }
    out.push_str("</div>\n");
    out.push_str(&chart::summary_bar(s));
    out.push_str(&format!(
        "<p class=\"meta\"><strong>{}</strong></p>\n",
        esc(&s.headline())
    ));
    if failures.is_empty() {
        out.push_str("<p class=\"blocking-list ok\">All blocking criteria met.</p>\n");
    } else {
        let list: Vec<String> = failures.iter().map(|f| esc(f)).collect();
        out.push_str(&format!(
            "<p class=\"blocking-list bad\"><strong>Blocking, not met:</strong> {}</p>\n",
            list.join(", ")
        ));
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkpoint::fixtures;

    const HOSTILE: &str = "<script>alert('x')</script> & \"q\" <img src=http://example.com/x>";

    fn hostile_report() -> WeeklyReport {
        let mut report = fixtures::with_name(HOSTILE);
        report.environment = HOSTILE.into();
        report.criteria[1].owner = HOSTILE.into();
        report.criteria[5].note = Some(HOSTILE.into());
        report.runs[0].target = HOSTILE.into();
        report.alerts.alerts[0].name = HOSTILE.into();
        if let Some(phase) = &mut report.phase {
            phase.name = HOSTILE.into();
        }
        report
    }

    #[test]
    fn every_report_string_is_escaped() {
        let html = html(&hostile_report());
        assert!(!html.contains("<script"), "no script element");
        assert!(!html.contains("<img"), "no injected element");
        assert!(!html.contains(HOSTILE), "the raw string never appears");
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;";
        assert!(
            html.matches(escaped).count() >= 7,
            "shown, escaped, wherever it is used"
        );
    }

    #[test]
    fn nothing_is_fetched_or_run() {
        let html = html(&fixtures::report());
        for forbidden in [
            "<script", "http://", "https://", "src=", "href=", "url(", "@import", "<link",
        ] {
            assert!(!html.contains(forbidden), "{forbidden} in the HTML");
        }
        let csp = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">");
        assert!(html.contains(&csp));
        assert!(html.starts_with("<!DOCTYPE html>\n"));
        assert_eq!(
            html.matches("<svg").count(),
            11,
            "an inline chart per criterion"
        );
    }

    #[test]
    fn prints_without_splitting_rows_or_dark_backgrounds() {
        let html = html(&fixtures::report());
        assert!(html.contains("@media print"));
        assert!(html.contains("break-inside: avoid"));
        assert!(html.contains("body {\n  margin: 0; background: #fff;"));
    }

    #[test]
    fn the_summary_counts_and_names_the_blocking_failures() {
        let html = html(&fixtures::report());
        assert!(
            html.contains("<span class=\"n\">8</span><span class=\"l\">✓ met</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"n\">3</span><span class=\"l\">blocking not met</span>")
        );
        assert!(
            html.contains("P99 latency (missed), Trigger delay (unknown), Security score (missed)")
        );
        assert!(html.contains("Week to date"));
    }
}
