//! Runbook templates (`{row.desired+2}`, `{now+30m}`, `{reason|json}`): rendering for the real
//! call and for display, evaluating, and the load-time checks. Properties: both renderings
//! agree on success; a template that renders passes the load-time check; the displayed
//! rendering never holds the secret's text.
#![no_main]

mod support;

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use opsconsole::domain::runbook::Values;
use opsconsole::domain::runbook::template::{self, Mode};
use support::SECRET_MARK;

static VALUES: LazyLock<Values> = LazyLock::new(support::values);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let real = template::render(text, &VALUES, Mode::Reveal);
    let shown = template::render(text, &VALUES, Mode::Redact);
    assert_eq!(real.is_ok(), shown.is_ok(), "{real:?} / {shown:?}");
    if real.is_ok() {
        assert_eq!(
            template::render_check(text),
            Ok(()),
            "renders, yet fails the check"
        );
    }
    if let Ok(shown) = shown
        && !text.contains(SECRET_MARK)
    {
        assert!(!shown.contains(SECRET_MARK), "secret shown: {shown:?}");
    }
    let _ = template::names(text);
    let _ = template::evaluate(text, &VALUES);
});
