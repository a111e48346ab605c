//! A certificate: who issued it, for which names, and how long it has left.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::super::{Document, Fact, Inputs, Missing, Section};
use super::{find, not_known, time};
use crate::app::table::CertificateColumn;
use crate::domain::detail::{CertificateExtras, Extras, Kind, Subject};
use crate::domain::{Certificate, Health};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateDetail {
    pub row: Certificate,
    /// As the tab counts them, at the snapshot's time.
    pub days_left: i64,
    pub health: Health,
    pub now: DateTime<Utc>,
    /// `None` until the source has read the certificate itself.
    pub extras: Option<CertificateExtras>,
}

fn rows<'a>(inputs: &Inputs<'a>) -> Result<&'a [Certificate], Missing> {
    inputs
        .snapshot
        .and_then(|s| s.security.as_ref())
        .map(|p| p.certificates.as_slice())
        .ok_or(Missing::NoData {
            noun: "certificate",
            loading: inputs.snapshot.is_none(),
        })
}

pub fn build(inputs: &Inputs, name: &str) -> Result<CertificateDetail, Missing> {
    let row = find::<CertificateColumn>(rows(inputs)?, Kind::Certificate, name)?;
    let now = inputs.snapshot.map_or(row.not_after, |s| s.taken_at);
    let extras = match inputs.extras(&Subject::new(Kind::Certificate, name)) {
        Some(Extras::Certificate(extras)) => Some(extras.clone()),
        _ => None,
    };
    Ok(CertificateDetail {
        days_left: row.days_left(now),
        health: row.health(now),
        now,
        row: row.clone(),
        extras,
    })
}

impl CertificateDetail {
    fn verdict(&self) -> String {
        let name = &self.row.name;
        match self.health {
            _ if self.days_left < 0 => format!("{name} has expired: replace it now"),
            Health::Critical => format!("{name} expires within a week: renew it now"),
            Health::Warning => format!("{name} expires within 30 days: renew it soon"),
            _ => format!("{name} is valid for {} more days", self.days_left),
        }
    }

    pub fn document(&self) -> Document {
        let now = Section::new("Now")
            .text(self.verdict(), Some(self.health))
            .facts(vec![
                Fact::judged("days left", format!("{}d", self.days_left), self.health)
                    .note("renew under 30 days; under 7 is critical"),
                Fact::plain("expires", time(self.row.not_after)),
            ]);
        let extras = self.extras.as_ref();
        let text = |value: Option<&String>| value.cloned().unwrap_or_else(not_known);
        let sans = extras
            .filter(|e| !e.sans.is_empty())
            .map_or_else(not_known, |e| e.sans.join(", "));
        let validity = extras
            .and_then(|e| e.validity_days(self.row.not_after))
            .map(|days| format!("{days} days"));
        let issuer = Fact::plain("issuer", text(extras.and_then(|e| e.issuer.as_ref())));
        let issuer = match extras.and_then(CertificateExtras::self_signed) {
            Some(true) => issuer.note("self-signed: renewed by its owner"),
            _ => issuer,
        };
        let identity = Section::new("Certificate").facts(vec![
            Fact::plain("subject", text(extras.and_then(|e| e.subject.as_ref()))),
            issuer,
            Fact::plain("names (SANs)", sans),
            Fact::plain(
                "valid from",
                extras
                    .and_then(|e| e.not_before)
                    .map_or_else(not_known, time),
            ),
            Fact::plain("validity", validity.unwrap_or_else(not_known)),
        ]);
        Document {
            sections: vec![now, identity],
        }
    }
}
