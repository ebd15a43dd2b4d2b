//! CSV of observations read in parallel against the sequential reader:
//! the same partial, totals, sources and diagnostics for any input and any
//! number of threads, and errors that name the file's own rows.

use std::fmt::Write as _;

use proptest::prelude::*;
use workreport::aggregate::{Partial, Rollup, RollupOptions};
use workreport::ingest::csv::{self, LoadOptions};
use workreport::{Catalog, Metric, OrgUnit};

fn catalog() -> Catalog {
    Catalog::new(vec![
        Metric::new("posts".parse().unwrap(), "微信工作动态", "条".parse().unwrap()),
        Metric::new("visits".parse().unwrap(), "走访", "次".parse().unwrap()),
    ])
    .unwrap()
}

fn town() -> OrgUnit {
    let unit = |id: &str| OrgUnit::new(id.parse().unwrap(), id);
    unit("town").child(unit("a")).child(unit("b")).child(unit("c"))
}

/// Everything a load gives, as text: the diagnostics, the partial (its
/// readings of duplicated cells sorted, since merging lists them in
/// another order), and every total with its coverage and sources.
fn view(input: &[u8], threads: Option<(usize, usize)>) -> String {
    let (catalog, town) = (catalog(), town());
    let mut partial = Partial::new(&catalog, Some(&town));
    let loaded = match threads {
        None => csv::load(input, "obs.csv", &mut partial),
        Some((n, min)) => {
            csv::load_parallel(input, "obs.csv", &mut partial, &LoadOptions::new().threads(n).min_chunk_len(min))
        }
    };
    let mut out = match loaded {
        Err(e) => return format!("header error: {e}"),
        Ok(diagnostics) => diagnostics.iter().map(|d| format!("{d}\n")).collect::<String>(),
    };
    let mut json = serde_json::to_value(&partial).unwrap();
    if let Some(dups) = json.get_mut("dups").and_then(|d| d.as_array_mut()) {
        dups.sort_by_key(|d| d.to_string());
    }
    out.push_str(&format!("{json}\n"));
    let rollup = Rollup::from_partial(partial, &catalog, Some(&town), &RollupOptions::new());
    for t in rollup.totals() {
        let c = t.coverage();
        let sources: Vec<String> =
            t.sources().iter().map(|s| format!("{}@{} {}", s.org, s.period, s.location)).collect();
        out.push_str(&format!(
            "{} {} {}: {} {}/{}/{}/{} {} {sources:?}\n",
            t.metric(),
            t.org(),
            t.period(),
            t.quantity(),
            c.reported,
            c.partial,
            c.unknown,
            c.missing,
            t.is_exact()
        ));
    }
    for d in rollup.diagnostics() {
        out.push_str(&format!("{d}\n"));
    }
    out
}

#[test]
fn ingest_csv_parallel_errors_name_row_and_column() {
    let input = "\u{feff}unit,period,metric,value,note\r\n\
        a,2020,posts,3O余,\"one\r\ntwo\"\r\n\
        b,2020,likes,5,\r\n\
        \r\n\
        c,2020,posts,5场,\"a \"\"quoted\"\", note\"\r\n\
        d,2020-13,posts,1,\r\n\
        \"e two\",2020,posts,1,\"x\ny\nz\"\r\n\
        f,2020,posts\r\n\
        a,2020,posts,4,\r\n\
        b,2020,visits,7,\r\n\
        c,2020,visits,\"\n\",\r\n\
        a,2020,posts,,";
    let sequential = view(input.as_bytes(), None);
    for threads in 1..=6 {
        for min in [0, 1, 7, 40] {
            assert_eq!(view(input.as_bytes(), Some((threads, min))), sequential, "{threads} threads, chunks of {min}+");
        }
    }
    let errors: String = sequential.lines().filter(|l| l.starts_with("error")).map(|l| format!("{l}\n")).collect();
    insta::assert_snapshot!(errors, @r#"
    error[invalid-data] obs.csv row 1 (line 1), column `value`: "3O余" is not a number
    error[unknown-metric] obs.csv row 2 (line 3), column `metric`: unknown metric "likes": the catalog has no such key
    error[unit-mismatch] obs.csv row 3: `5场` for `c` in 2020: cannot add `场` to metric `posts` counted in `条`
    error[invalid-data] obs.csv row 4 (line 6), column `period`: "2020-13" is not a period: the month must be 1 to 12
    error[invalid-data] obs.csv row 5 (line 7), column `unit`: "e two" is not a valid org id: it has whitespace or control characters
    error[invalid-data] obs.csv row 6 (line 10): the row has 3 fields where the header has 5
    error[unknown-org] units/d: observations of unit `d`, which the org tree does not have, are left out of every total
    "#);
}

/// One field as a writer might put it: plain, or quoted with commas, quotes
/// and line breaks inside.
fn field(plain: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (plain, 0..6u8).prop_map(|(text, how)| match how {
        0 => format!("\"{}\"", text.replace('"', "\"\"")),
        1 => format!("\"{text},\n\"\"x\"\"\r\ny\""),
        _ => text,
    })
}

/// A data row: a unit (one unknown to the tree, one not an id), a period
/// (one not a period), a metric (one unknown), a value (some not numbers,
/// some in another unit, some blank) and a note; a few rows short a field.
fn row() -> impl Strategy<Value = String> {
    let unit = prop::sample::select(vec!["a", "b", "c", "d", "e two"]).prop_map(str::to_owned);
    let period = prop::sample::select(vec!["2020", "2020-06", "2020-13"]).prop_map(str::to_owned);
    let metric = prop::sample::select(vec!["posts", "visits", "likes"]).prop_map(str::to_owned);
    let value =
        prop::sample::select(vec!["12", "7", "", "X", "30余", "1.5", "3O余", "5场", "约20"]).prop_map(str::to_owned);
    let note = prop::sample::select(vec!["", "ok", "a,b", "\"", "5\"", "x\ny"]).prop_map(str::to_owned);
    (field(unit), field(period), field(metric), field(value), field(note), 0..12u8).prop_map(
        |(u, p, m, v, n, short)| {
            if short == 0 { format!("{u},{p},{m}") } else { format!("{u},{p},{m},{v},{n}") }
        },
    )
}

/// A whole file: BOM or not, `\n` or `\r\n`, blank lines here and there,
/// a final line end or not.
fn file() -> impl Strategy<Value = String> {
    (any::<bool>(), any::<bool>(), prop::collection::vec((row(), 0..8u8), 0..40), any::<bool>()).prop_map(
        |(bom, crlf, rows, last_newline)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            s.push_str("unit,period,metric,value,note");
            for (row, blank) in rows {
                s.push_str(nl);
                if blank == 0 {
                    s.push_str(nl);
                }
                s.push_str(&row);
            }
            if last_newline {
                s.push_str(nl);
            }
            s
        },
    )
}

/// Anything at all made of the bytes that matter to where records end,
/// after a good header: mostly rows of the wrong length, quotes that open
/// and never close, stray CRs, byte-order marks at the start of a line.
fn soup() -> impl Strategy<Value = String> {
    let parts =
        vec!["a", "2020", "posts", "1", ",", ",", "\"", "\"\"", "\r", "\n", "\n", "\r\n", " ", "次", "\u{feff}"];
    prop::collection::vec(prop::sample::select(parts), 0..300)
        .prop_map(|parts| format!("unit,period,metric,value,note\n{}", parts.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ingest_csv_parallel_load_of_any_soup_is_the_sequential_load(input in soup(), threads in 2..=4usize, min in 0..32usize) {
        prop_assert_eq!(view(input.as_bytes(), Some((threads, min))), view(input.as_bytes(), None));
    }

    #[test]
    fn ingest_csv_parallel_load_is_the_sequential_load(input in file(), threads in 1..=4usize, min in 0..64usize) {
        prop_assert_eq!(view(input.as_bytes(), Some((threads, min))), view(input.as_bytes(), None));
    }

    #[test]
    fn ingest_csv_one_thread_is_byte_identical(input in file()) {
        let (catalog, town) = (catalog(), town());
        let (mut a, mut b) = (Partial::new(&catalog, Some(&town)), Partial::new(&catalog, Some(&town)));
        let da = csv::load(input.as_bytes(), "obs.csv", &mut a).map_err(|e| e.to_string());
        let db = csv::load_parallel(input.as_bytes(), "obs.csv", &mut b, &LoadOptions::new().threads(1))
            .map_err(|e| e.to_string());
        prop_assert_eq!(format!("{da:?}"), format!("{db:?}"));
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }
}

#[test]
fn ingest_csv_invalid_utf8_is_reported_as_the_csv_crate_does() {
    let mut input = b"unit,period,metric,value,note\na,2020,posts,1,ok\nb,2020,posts,2,".to_vec();
    input.extend_from_slice(b"caf\xe9\nc,2020,posts,3,\"\xe6\xac\"\n");
    // Two fields that are not UTF-8 apart, though together they are (`次`).
    input.extend_from_slice(b"d,2020,posts,\xe6,\xac\xa1\n");
    input.extend_from_slice("c,2020,visits,4,次\n".repeat(20).as_bytes());
    // What the `csv` crate itself says of the same rows.
    let mut reader = ::csv::Reader::from_reader(&input[..]);
    let expected: Vec<String> = reader.records().filter_map(Result::err).map(|e| e.to_string()).collect();
    assert_eq!(expected.len(), 3);
    let sequential = view(&input, None);
    for (threads, min) in [(2, 0), (3, 10), (4, 60)] {
        assert_eq!(view(&input, Some((threads, min))), sequential);
    }
    let errors: Vec<&str> = sequential.lines().filter(|l| l.starts_with("error[invalid-data]")).collect();
    assert_eq!(errors.len(), 3);
    for (error, expected) in errors.iter().zip(&expected) {
        assert!(error.ends_with(expected.as_str()), "{error}\ndoes not end with\n{expected}");
    }
    insta::assert_snapshot!(errors.join("\n"), @r"
    error[invalid-data] obs.csv row 2 (line 3): CSV parse error: record 2 (line 3, field: 4, byte: 48): invalid utf-8: invalid UTF-8 in field 4 near byte index 3
    error[invalid-data] obs.csv row 3 (line 4): CSV parse error: record 3 (line 4, field: 4, byte: 68): invalid utf-8: invalid UTF-8 in field 4 near byte index 0
    error[invalid-data] obs.csv row 4 (line 5): CSV parse error: record 4 (line 5, field: 3, byte: 88): invalid utf-8: invalid UTF-8 in field 3 near byte index 0
    ");
}

/// More distinct values than the loader keeps at once, some that convert
/// (`万条`) and some that do not fit a slot in place, and cells read
/// twice: the load holds what pushing each row's observation holds.
#[test]
fn ingest_csv_load_of_many_distinct_values_is_pushing_each_row() {
    let mut input = String::from("unit,period,metric,value,note\n");
    for i in 0..6000u32 {
        let value = match i % 7 {
            0 => format!("约{}条", i * 10),
            1 => format!("{}.5万条", i),
            2 => format!("{}余次", i * 10),
            3 => "X次".to_owned(),
            4 => format!("{i}场"),
            _ => format!("{}条", i * 7919 % 100_000),
        };
        let metric = if value.ends_with('次') { "visits" } else { "posts" };
        // Units come back every 2,500 rows, so some cells are read twice.
        writeln!(input, "u{},2020-{:02},{metric},{value},", i % 2500, i % 12 + 1).unwrap();
    }
    let (catalog, town) = (catalog(), town());
    let mut loaded = Partial::new(&catalog, Some(&town));
    let diagnostics = csv::load(input.as_bytes(), "obs.csv", &mut loaded).unwrap();
    let mut pushed = Partial::new(&catalog, Some(&town));
    pushed.dataset("obs.csv");
    for observation in csv::ObservationReader::new(input.as_bytes()).unwrap() {
        pushed.push(&observation.unwrap());
    }
    // The load hands the partial's diagnostics (units that do not convert) to its caller.
    let (mut loaded, mut pushed) = (serde_json::to_value(&loaded).unwrap(), serde_json::to_value(&pushed).unwrap());
    let pushed_diagnostics = pushed.as_object_mut().unwrap().remove("diagnostics").unwrap();
    assert_eq!(loaded.as_object_mut().unwrap().remove("diagnostics").unwrap(), serde_json::json!([]));
    assert_eq!(diagnostics.len(), pushed_diagnostics.as_array().unwrap().len());
    assert!(!diagnostics.is_empty());
    assert_eq!(loaded, pushed);
}
