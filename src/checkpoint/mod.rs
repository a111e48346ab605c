//! The weekly checkpoint beyond its data (`crate::domain::checkpoint`): the report's formats.

pub mod render;
