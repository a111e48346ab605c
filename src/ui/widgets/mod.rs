//! Reusable drawing pieces with no knowledge of tabs.

pub mod bar_sets;
pub mod data_table;
pub mod meter;
pub mod resample;
pub mod time_axis;
pub mod trend_chart;
