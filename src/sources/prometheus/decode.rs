//! Decoding Prometheus and Alertmanager API responses.
