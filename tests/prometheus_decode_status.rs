//! Alert and health decoding on bodies shaped like Prometheus 2.42 (`/api/v1/alerts`,
//! `/api/v1/rules`, `/api/v1/targets`) and Alertmanager 0.25 (`/api/v2/alerts`) answers.

use chrono::{TimeZone, Utc};
use opsconsole::sources::prometheus::{
    AlertState, AmState, FetchError, decode_alertmanager_alerts, decode_alerts, decode_rules,
    decode_targets,
};

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_string(), value.to_string())
}

#[test]
fn prometheus_alerts_firing_and_pending() {
    let body = r#"{"status":"success","data":{"alerts":[
        {"labels":{"severity":"page","alertname":"HighLatency","service":"checkout"},
         "annotations":{"summary":"p99 above 500ms"},"state":"firing",
         "activeAt":"2026-11-23T10:15:30.123456789Z","value":"7.5e-01"},
        {"labels":{"alertname":"DiskFilling"},"annotations":{},"state":"pending",
         "activeAt":"2026-11-23T10:20:00+01:00","value":"NaN"}]}}"#;
    let alerts = decode_alerts(body.as_bytes()).expect("valid alerts");
    assert_eq!(alerts.len(), 2);
    let firing = &alerts[0];
    assert_eq!(firing.state, AlertState::Firing);
    assert_eq!(
        firing.labels,
        vec![
            pair("alertname", "HighLatency"),
            pair("service", "checkout"),
            pair("severity", "page")
        ]
    );
    assert_eq!(firing.annotations, vec![pair("summary", "p99 above 500ms")]);
    let active_at = firing.active_at.expect("activeAt");
    assert_eq!(active_at.timestamp(), 1_795_428_930);
    assert_eq!(active_at.timestamp_subsec_nanos(), 123_456_789);
    assert_eq!(firing.value, Some(0.75));
    let pending = &alerts[1];
    assert_eq!(pending.state, AlertState::Pending);
    assert_eq!(
        pending.active_at,
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 20, 0).single()
    );
    assert!(pending.value.is_some_and(f64::is_nan));
}

#[test]
fn no_alerts_and_an_error_body() {
    let empty = r#"{"status":"success","data":{"alerts":[]}}"#;
    assert_eq!(decode_alerts(empty.as_bytes()), Ok(vec![]));
    let error = r#"{"status":"error","errorType":"unavailable","error":"rule manager not ready"}"#;
    assert_eq!(
        decode_alerts(error.as_bytes())
            .expect_err("error body")
            .to_string(),
        "unavailable: rule manager not ready"
    );
}

#[test]
fn rules_count_all_and_list_the_failing_one() {
    let body = r#"{"status":"success","data":{"groups":[
        {"name":"latency","file":"/etc/prometheus/rules.yml","interval":15,"limit":0,"rules":[
          {"state":"firing","name":"HighLatency","query":"p99 > 0.5","duration":60,"labels":{},
           "annotations":{},"alerts":[{"labels":{"alertname":"HighLatency"},"state":"firing"}],
           "health":"ok","evaluationTime":0.0005,"lastEvaluation":"2026-11-23T10:15:30Z","type":"alerting"},
          {"name":"job:errors:rate5m","query":"sum by (job) (rate(errors[5m])) / on() requests",
           "labels":{},"health":"err","lastError":"many-to-many matching not allowed",
           "evaluationTime":0.001,"lastEvaluation":"2026-11-23T10:15:30Z","type":"recording"}],
         "evaluationTime":0.002,"lastEvaluation":"2026-11-23T10:15:30Z"},
        {"name":"fresh","file":"/etc/prometheus/rules.yml","interval":60,"rules":[
          {"name":"NotYetEvaluated","query":"up == 0","health":"unknown","type":"alerting"}]}]}}"#;
    let health = decode_rules(body.as_bytes()).expect("valid rules");
    assert_eq!(health.rules, 3);
    assert_eq!(
        health.unhealthy,
        vec![pair(
            "latency/job:errors:rate5m",
            "many-to-many matching not allowed"
        )]
    );
}

#[test]
fn targets_up_down_and_unknown() {
    let body = r#"{"status":"success","data":{"activeTargets":[
        {"discoveredLabels":{"__address__":"127.0.0.1:9090","job":"prometheus"},
         "labels":{"instance":"127.0.0.1:9090","job":"prometheus"},"scrapePool":"prometheus",
         "scrapeUrl":"http://127.0.0.1:9090/metrics","globalUrl":"http://host:9090/metrics",
         "lastError":"","lastScrape":"2026-11-23T10:15:30Z","lastScrapeDuration":0.004,
         "health":"up","scrapeInterval":"15s","scrapeTimeout":"10s"},
        {"discoveredLabels":{},"labels":{"instance":"127.0.0.1:9100","job":"node"},"scrapePool":"node",
         "lastError":"Get \"http://127.0.0.1:9100/metrics\": dial tcp 127.0.0.1:9100: connect: connection refused",
         "health":"down"},
        {"discoveredLabels":{},"labels":{"instance":"127.0.0.1:9200"},"scrapePool":"pool","lastError":"","health":"unknown"}],
        "droppedTargets":[]}}"#;
    let health = decode_targets(body.as_bytes()).expect("valid targets");
    assert_eq!(health.up, 1);
    assert_eq!(health.unknown, 1);
    assert_eq!(health.down.len(), 1);
    assert_eq!(health.down[0].0, "node/127.0.0.1:9100");
    assert!(health.down[0].1.ends_with("connect: connection refused"));
}

#[test]
fn alertmanager_active_suppressed_and_unprocessed() {
    let body = r#"[
      {"annotations":{"summary":"p99 above 500ms"},"endsAt":"2026-11-23T10:30:00.000Z",
       "fingerprint":"4d6b8a0f1c2e3b4a","receivers":[{"name":"null"}],"startsAt":"2026-11-23T10:15:30.123Z",
       "status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"2026-11-23T10:16:00.000Z",
       "generatorURL":"http://127.0.0.1:9090/graph","labels":{"severity":"page","alertname":"HighLatency"}},
      {"annotations":{},"endsAt":"2026-11-23T10:30:00.000Z","fingerprint":"9a8b7c6d5e4f3a2b",
       "receivers":[{"name":"null"}],"startsAt":"2026-11-23T10:00:00Z",
       "status":{"inhibitedBy":[],"silencedBy":["5e2a0c3d-1111-2222-3333-444455556666"],"state":"suppressed"},
       "updatedAt":"2026-11-23T10:16:00.000Z","labels":{"alertname":"DiskFilling"}},
      {"annotations":{},"fingerprint":"0000000000000001","receivers":[],"startsAt":"0001-01-01T00:00:00Z",
       "status":{"inhibitedBy":["4d6b8a0f1c2e3b4a"],"silencedBy":[],"state":"unprocessed"},
       "labels":{"alertname":"Quiet"}}]"#;
    let alerts = decode_alertmanager_alerts(body.as_bytes()).expect("valid alerts");
    assert_eq!(alerts.len(), 3);
    assert_eq!(alerts[0].state, AmState::Active);
    assert_eq!(
        alerts[0].labels,
        vec![pair("alertname", "HighLatency"), pair("severity", "page")]
    );
    assert_eq!(
        alerts[0].annotations,
        vec![pair("summary", "p99 above 500ms")]
    );
    assert_eq!(alerts[0].fingerprint, "4d6b8a0f1c2e3b4a");
    assert_eq!(
        alerts[0].starts_at.map(|t| t.timestamp_millis()),
        Some(1_795_428_930_123)
    );
    assert!(alerts[0].silenced_by.is_empty());
    assert_eq!(alerts[1].state, AmState::Suppressed);
    assert_eq!(
        alerts[1].silenced_by,
        vec!["5e2a0c3d-1111-2222-3333-444455556666".to_string()]
    );
    assert_eq!(alerts[2].state, AmState::Unprocessed);
    assert_eq!(alerts[2].starts_at, None, "Go's zero time means not set");
    assert_eq!(alerts[2].inhibited_by, vec!["4d6b8a0f1c2e3b4a".to_string()]);
}

#[test]
fn status_decoders_reject_broken_bodies() {
    assert!(matches!(
        decode_alerts(b"{\"status\":\"success\",\"data\":{}}"),
        Err(FetchError::Malformed(_))
    ));
    let bad_state = r#"{"status":"success","data":{"alerts":[{"labels":{},"state":"weird"}]}}"#;
    assert!(matches!(
        decode_alerts(bad_state.as_bytes()),
        Err(FetchError::Malformed(_))
    ));
    assert!(matches!(
        decode_rules(b"not json"),
        Err(FetchError::Malformed(_))
    ));
    assert!(matches!(
        decode_targets(b"{\"status\":\"success\"}"),
        Err(FetchError::Malformed(_))
    ));
    assert!(matches!(
        decode_alertmanager_alerts(b"{\"code\":500}"),
        Err(FetchError::Malformed(_))
    ));
}
