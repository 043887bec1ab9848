use andon::config::TomlVersion;
use andon::syntax::{parse, reparse};
use andon::text::{AppliedEdit, Span};
fn main() {
    let old_text = "\n[table]\n[[\"\"\"\"\"\"[table]\n";
    let old = parse(old_text, TomlVersion::V1_0);
    println!("old starts {:?}", old.region_starts);
    let mut new_text = old_text.to_string();
    new_text.insert(2, '"');
    let fresh = parse(&new_text, TomlVersion::V1_0);
    println!("fresh starts {:?}", fresh.region_starts);
    let inc = reparse(
        old,
        &new_text,
        TomlVersion::V1_0,
        AppliedEdit {
            old: Span::new(2, 2),
            new_len: 1,
        },
    );
    println!("inc starts {:?}", inc.region_starts);
}
