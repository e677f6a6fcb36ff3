//! Any answer to any method through the client's decoder: a typed response or an error
//! that names the method, never a panic.
#![no_main]

use centiacrm_client::{Error, codec};
use centiacrm_types::{ApiMethod, MethodVisitor};
use libfuzzer_sys::fuzz_target;

struct DecodeAll<'a>(&'a [u8]);

impl MethodVisitor for DecodeAll<'_> {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        match codec::decode_response::<M>(200, self.0) {
            Ok(_) => {}
            Err(Error::Api { method, .. } | Error::Decode { method, .. }) => {
                assert_eq!(method, M::NAME)
            }
            Err(other) => panic!("decoding gave {other}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    centiacrm_types::visit_methods(&mut DecodeAll(data));
});
