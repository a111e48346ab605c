//! What CloudWatch and Auto Scaling send, in the console's terms: SDK timestamps as chrono
//! ones (irregular points become a series through `observed_scaling::series`).

use aws_sdk_autoscaling::primitives::DateTime as AwsTime;
use chrono::{DateTime, Utc};

/// `None` outside chrono's range (never for a timestamp AWS sends).
pub fn from_aws(at: &AwsTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(at.secs(), at.subsec_nanos())
}
