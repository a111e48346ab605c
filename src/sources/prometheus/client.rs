//! HTTP client for the Prometheus and Alertmanager APIs.
