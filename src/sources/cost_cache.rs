//! The cloud cost sources' one caching rule: their APIs bill (Cost Explorer, $0.01 a request)
//! or throttle (Cost Management) each query, so a fetched view is kept for the source's TTL and
//! only an explicit refresh asks again sooner.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::CostView;

#[derive(Debug, Default)]
pub struct CostCache {
    cached: Option<CostView>,
}

impl CostCache {
    /// The kept view while it is younger than `ttl` at `now`, unless `force`; else `fetch`'s.
    /// A failed fetch keeps the previous view, so the next poll tries again.
    pub async fn get(
        &mut self,
        ttl: Duration,
        now: DateTime<Utc>,
        force: bool,
        fetch: impl Future<Output = Result<CostView, String>>,
    ) -> Result<CostView, String> {
        if !force && let Some(view) = self.cached.as_ref().filter(|v| fresh(v, ttl, now)) {
            return Ok(view.clone());
        }
        let view = fetch.await?;
        self.cached = Some(view.clone());
        Ok(view)
    }
}

fn fresh(view: &CostView, ttl: Duration, now: DateTime<Utc>) -> bool {
    view.fetched_at.is_some_and(|at| {
        // A clock that went backwards makes the age negative: refetch rather than trust it.
        (now - at).to_std().is_ok_and(|age| age < ttl)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_view_is_fresh_for_its_ttl_only() {
        let at = Utc
            .with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
            .single()
            .expect("time");
        let view = CostView {
            fetched_at: Some(at),
            ..CostView::default()
        };
        let hour = Duration::from_secs(3600);
        let minutes = |m| at + chrono::Duration::minutes(m);
        assert!(fresh(&view, hour, minutes(59)));
        assert!(!fresh(&view, hour, minutes(60)), "the TTL is an hour");
        assert!(!fresh(&view, hour, minutes(-1)), "a clock gone back");
    }

    #[tokio::test]
    async fn a_kept_view_is_served_until_forced_and_a_failure_keeps_it() {
        let at = Utc
            .with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
            .single()
            .expect("time");
        let view = |amount| CostView {
            month_to_date: amount,
            fetched_at: Some(at),
            ..CostView::default()
        };
        let hour = Duration::from_secs(3600);
        let mut cache = CostCache::default();
        let first = cache.get(hour, at, false, async { Ok(view(1.0)) }).await;
        assert_eq!(first.map(|v| v.month_to_date), Ok(1.0));
        let kept = cache.get(hour, at, false, async { Ok(view(2.0)) }).await;
        assert_eq!(kept.map(|v| v.month_to_date), Ok(1.0), "not fetched");
        let failed = cache.get(hour, at, true, async { Err("429".into()) }).await;
        assert_eq!(failed, Err("429".to_string()));
        let kept = cache.get(hour, at, false, async { Ok(view(3.0)) }).await;
        assert_eq!(kept.map(|v| v.month_to_date), Ok(1.0), "the last good view");
        let forced = cache.get(hour, at, true, async { Ok(view(4.0)) }).await;
        assert_eq!(forced.map(|v| v.month_to_date), Ok(4.0));
    }
}
