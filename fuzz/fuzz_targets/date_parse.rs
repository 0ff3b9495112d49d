//! Calendar parsing and arithmetic on arbitrary strings and offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readout_core::Date;

fuzz_target!(|data: (&str, i32)| {
    let (s, n) = data;
    if let Some(d) = Date::parse(s) {
        assert_eq!(d.to_string(), s);
        if let Some(e) = d.add_days(i64::from(n)) {
            assert_eq!(e.days_since_epoch() - d.days_since_epoch(), i64::from(n));
        }
        let _ = d.iso_week();
    }
});
