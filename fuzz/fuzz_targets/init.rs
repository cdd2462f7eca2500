#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| speclint_fuzz::checks::init(data));
