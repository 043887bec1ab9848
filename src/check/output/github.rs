//! The `github` format: GitHub Actions workflow commands, one line per
//! finding, which the runner turns into annotations on the pull request:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=andon rule::message`.
//! Red is `error`, yellow `warning`, green `notice`.
//!
//! Escaping follows the runner's rules: in the message `%`, `\r` and `\n`
//! are percent-encoded; in properties also `:` and `,`, which would
//! otherwise end the property.

use std::fmt::Write;

use crate::andon::Andon;

use super::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        for finding in &file.findings {
            let diagnostic = &finding.diagnostic;
            let command = match diagnostic.andon {
                Andon::Red => "error",
                Andon::Yellow => "warning",
                Andon::Green => "notice",
            };
            let region = finding.region;
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.display),
                region.start.line,
                region.start.column,
                region.end.line,
                region.end.column,
                property(&format!("andon {}", diagnostic.rule.id())),
                data(&diagnostic.message),
            );
        }
    }
    out
}

fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("100% a\nb\r"), "100%25 a%0Ab%0D");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
