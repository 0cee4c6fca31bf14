//! Parquet (polars' default zstd compression), for polars, pandas and DuckDB.
//!
//! The file is the one polars' `ParquetWriter` writes, byte for byte, but
//! the text columns are dictionary-encoded here ([`text_encoding`]): polars
//! hashes every row's bytes twice (a cardinality estimate, then the
//! dictionary), which for `export`'s attendee lists is more than a
//! hundred megabytes of text; rows that share a string view (the
//! occurrence table gathers its repeated text) are looked up by their
//! 16-byte view instead, and each distinct string is hashed once.

use std::io::Write;

use polars::frame::chunk_df_for_writing;
use polars::io::parquet::write::{get_encodings, BatchedWriter as ParquetBatches};
use polars::prelude::*;
use polars_arrow::array::{
    Array, DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray, View,
};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::{ArrowDataType, IntegerType};
use polars_parquet::parquet::compression::Compression;
use polars_parquet::parquet::page::{CompressedDataPage, CompressedDictPage, DataPageHeader};
use polars_parquet::parquet::CowBuffer;
use polars_parquet::write::{
    array_to_columns, CompressedPage, CompressionOptions, Encoding, Page, ParquetType,
    StatisticsOptions, Version, WriteOptions,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub struct Parquet;

impl super::Exporter for Parquet {
    fn extension(&self) -> &'static str {
        "parquet"
    }

    fn begin<'w>(&self, out: &'w mut dyn Write) -> Box<dyn super::TableWriter + 'w> {
        Box::new(ParquetTable::Waiting(out))
    }
}

/// polars' row group size (`ParquetWriter` without `with_row_group_size`):
/// a whole table written as one batch gets the row groups it always had.
const ROW_GROUP_ROWS: usize = 512 * 512;

/// The options `ParquetWriter::new(..)` writes with (polars' defaults; the
/// tests compare whole files with polars' own).
fn options() -> WriteOptions {
    WriteOptions {
        statistics: StatisticsOptions::default(),
        compression: CompressionOptions::from(ParquetCompression::default()),
        version: Version::V1,
        data_page_size: None,
    }
}

/// A Parquet file being written: one file with the first batch's schema
/// (the file can only begin once a batch shows it), each batch cut into row
/// groups the way polars cuts a whole table. No batch at all writes no file
/// (there is no schema to write).
enum ParquetTable<'w> {
    Waiting(&'w mut dyn Write),
    Writing(Box<File<'w>>),
    /// Between the two, or after a failed begin.
    Gone,
}

/// An open file: polars' writer (header, row groups, footer) and what each
/// column is encoded as.
struct File<'w> {
    writer: ParquetBatches<&'w mut dyn Write>,
    fields: Vec<ParquetType>,
    encodings: Vec<Vec<Encoding>>,
}

impl<'w> File<'w> {
    fn begin(out: &'w mut dyn Write, schema: &Schema) -> PolarsResult<File<'w>> {
        let mut writer = ParquetWriter::new(out).batched(schema)?;
        let fields = writer.parquet_schema().fields().to_vec();
        let encodings = get_encodings(&schema.to_arrow(CompatLevel::newest())).to_vec();
        Ok(File {
            writer,
            fields,
            encodings,
        })
    }

    /// Writes each chunk of `df` as a row group, its columns encoded and
    /// compressed in parallel (polars compresses one column after another).
    fn write(&mut self, df: &DataFrame) -> PolarsResult<()> {
        for batch in df.iter_chunks(CompatLevel::newest(), false) {
            if batch.is_empty() {
                continue;
            }
            let columns: Vec<Vec<Vec<CompressedPage>>> = (batch.columns().par_iter())
                .zip(&self.fields)
                .zip(&self.encodings)
                .map(|((array, field), encoding)| column_pages(array, field, encoding))
                .collect::<PolarsResult<_>>()?;
            let columns: Vec<Vec<CompressedPage>> = columns.into_iter().flatten().collect();
            self.writer.write_row_group(batch.len() as u64, &columns)?;
        }
        Ok(())
    }
}

/// The compressed pages of one column (of each of its leaves), as polars'
/// writer makes them.
fn column_pages(
    array: &ArrayRef,
    field: &ParquetType,
    encoding: &[Encoding],
) -> PolarsResult<Vec<Vec<CompressedPage>>> {
    let options = options();
    let leaves = match text_encoding(array.as_ref(), encoding)? {
        Some(Text::Dictionary(dictionary)) => {
            let dictionary: ArrayRef = Box::new(dictionary);
            array_to_columns(&dictionary, field.clone(), options, encoding)?
        }
        Some(Text::Plain) => array_to_columns(array, field.clone(), options, &[Encoding::Plain])?,
        None => array_to_columns(array, field.clone(), options, encoding)?,
    };
    leaves
        .into_iter()
        .map(|pages| pages.map(|page| compress(page?)).collect())
        .collect()
}

thread_local! {
    /// A zstd context per thread, kept from page to page and batch to
    /// batch: polars' writer makes one per page, and with it a megabyte or
    /// more of match tables to allocate and zero. What zstd writes depends
    /// on the level and the input only.
    static ZSTD: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// `bytes` compressed as polars' writer compresses a page (zstd at its
/// default level: `options()`).
fn zstd(bytes: &[u8]) -> PolarsResult<Vec<u8>> {
    ZSTD.with_borrow_mut(|context| {
        let context = match context {
            Some(context) => context,
            None => context.insert(zstd::bulk::Compressor::new(0)?),
        };
        let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(bytes.len()));
        context.compress_to_buffer(bytes, &mut out)?;
        Ok(out)
    })
}

/// A page compressed (polars-parquet's `compress` with `options()`'s
/// compression, through [`zstd()`]).
fn compress(page: Page) -> PolarsResult<CompressedPage> {
    debug_assert_eq!(options().compression, CompressionOptions::Zstd(None));
    Ok(match page {
        Page::Data(page) => {
            // Version::V1 pages: the whole buffer is compressed (a V2 page
            // keeps its levels uncompressed)
            let DataPageHeader::V1(_) = page.header() else {
                polars_bail!(ComputeError: "a Parquet data page of version 2");
            };
            let Some(rows) = page.num_rows() else {
                polars_bail!(ComputeError: "a Parquet data page without its row count");
            };
            CompressedPage::Data(CompressedDataPage::new(
                page.header().clone(),
                CowBuffer::Owned(zstd(page.buffer())?),
                Compression::Zstd,
                page.buffer().len(),
                page.descriptor.clone(),
                rows,
            ))
        }
        Page::Dict(page) => CompressedPage::Dict(CompressedDictPage::new(
            CowBuffer::Owned(zstd(&page.buffer)?),
            Compression::Zstd,
            page.buffer.len(),
            page.num_values,
            page.is_sorted,
        )),
    })
}

/// How polars' writer encodes a text column.
enum Text {
    Dictionary(DictionaryArray<u32>),
    Plain,
}

/// What polars' writer decides for a text column that may be
/// dictionary-encoded (`encode_as_dictionary_optional` in polars-parquet
/// 0.55): plain when its estimated cardinality (HyperLogLog) is above 3/4
/// of more than 128 rows, else a dictionary of the values in order of first
/// appearance. The estimate is taken over the distinct values (and the
/// empty string standing for nulls, as polars counts them): HyperLogLog
/// registers keep the maximum seen, so repeating a value changes nothing.
/// `None` for any other column (polars encodes it).
fn text_encoding(array: &dyn Array, encoding: &[Encoding]) -> PolarsResult<Option<Text>> {
    let Some(text) = array.as_any().downcast_ref::<Utf8ViewArray>() else {
        return Ok(None);
    };
    if !matches!(encoding, [Encoding::RleDictionary]) || text.is_empty() {
        return Ok(None);
    }
    let (keys, values) = distinct(text)?;
    let sample = match text.null_count() {
        0 => values.clone(),
        _ => {
            let mut with_null = MutableBinaryViewArray::<str>::with_capacity(values.len() + 1);
            with_null.extend_values(values.values_iter());
            with_null.push_null();
            with_null.freeze()
        }
    };
    let estimated = polars_compute::cardinality::estimate_cardinality(&sample);
    if text.len() > 128 && estimated as f64 / text.len() as f64 > 0.75 {
        return Ok(Some(Text::Plain));
    }
    let dtype =
        ArrowDataType::Dictionary(IntegerType::UInt32, Box::new(text.dtype().clone()), false);
    let dictionary = DictionaryArray::try_new(dtype, keys, values.boxed())?;
    Ok(Some(Text::Dictionary(dictionary)))
}

/// The distinct values of `text` in order of first appearance, and each
/// row's index among them (0 under a null, as polars' dictionary has it).
fn distinct(text: &Utf8ViewArray) -> PolarsResult<(PrimitiveArray<u32>, Utf8ViewArray)> {
    let validity = text.validity().filter(|_| text.null_count() > 0);
    let mut keys: Vec<u32> = Vec::with_capacity(text.len());
    let mut found = Distinct::new(text.len(), shares_bytes(text));
    for (row, view) in text.views().iter().enumerate() {
        keys.push(match validity.is_some_and(|valid| !valid.get_bit(row)) {
            true => 0,
            false => found.key(*view, || text.value(row))?,
        });
    }
    // a fresh bitmap, as polars' dictionary has (`text` may be a slice of a
    // longer one, whose bitmap's byte length would differ)
    let validity = validity.map(|valid| valid.iter().collect::<Bitmap>());
    let keys = PrimitiveArray::new(ArrowDataType::UInt32, keys.into(), validity);
    Ok((keys, found.values.freeze()))
}

/// Whether rows of `text` may share the bytes of a long value (more than
/// [`View::MAX_INLINE_SIZE`] bytes, kept in the array's buffers): the
/// occurrence table gathers its repeated text, and its rows point at one
/// copy. A column built row by row (the analysis tables) appends each row's
/// bytes after the last row's, so its long views only ever increase and no
/// two are the same.
fn shares_bytes(text: &Utf8ViewArray) -> bool {
    let mut long = (text.views().iter())
        .filter(|view| view.length > View::MAX_INLINE_SIZE)
        .map(|view| (view.buffer_idx, view.offset));
    let Some(mut last) = long.next() else {
        return false;
    };
    long.any(|at| {
        let repeated = at <= last;
        last = at;
        repeated
    })
}

/// The distinct values of a text column, found row by row. Rows are told
/// apart by their view first: rows pointing at the same bytes (or holding
/// the same short value inline) cost one 16-byte hash, or nothing when the
/// row before had the same view, and only a view not seen before has its
/// bytes hashed and compared. In a column whose rows share no bytes
/// ([`shares_bytes`]) a long value's view is never seen again: its bytes
/// are looked up at once, without a view to look up and remember (a
/// sixteenth of the Parquet writer's instructions in `analyze`).
struct Distinct<'a> {
    values: MutableBinaryViewArray<str>,
    of_value: FxHashMap<&'a str, u32>,
    of_view: FxHashMap<u128, u32>,
    last: Option<(u128, u32)>,
    /// Whether long values are looked up by their view too.
    long_views: bool,
    /// When long values are not looked up by their view: the last one
    /// looked up, its view and its index. A column built row by row repeats
    /// a value row after row (person_day's person, a run of a year's days),
    /// and telling it from the last one by its view's length and first
    /// bytes, then its bytes, costs less than hashing it (callgrind, analyze
    /// of /tmp/sub200: of_value 103.8 -> 78.8 M, the Parquet writer 711.6 ->
    /// 699.3 M).
    last_long: Option<(View, &'a str, u32)>,
}

impl<'a> Distinct<'a> {
    /// For a column of `rows` rows, `shared` when they share the bytes of
    /// long values. A map of views has room for every row at once (growing
    /// a map rehashes what it holds); without shared bytes it only holds
    /// short values, whose views are the values.
    fn new(rows: usize, shared: bool) -> Self {
        let views = if shared { rows } else { 0 };
        Distinct {
            values: MutableBinaryViewArray::new(),
            of_value: FxHashMap::default(),
            of_view: FxHashMap::with_capacity_and_hasher(views, Default::default()),
            last: None,
            long_views: shared,
            last_long: None,
        }
    }

    /// The index of the row with `view` (whose value is `value()`).
    fn key(&mut self, view: View, value: impl FnOnce() -> &'a str) -> PolarsResult<u32> {
        if !self.long_views && view.length > View::MAX_INLINE_SIZE {
            return self.of_long_value(view, value());
        }
        let view = view.as_u128();
        let key = match self.last {
            Some((last, key)) if last == view => key,
            _ => match self.of_view.get(&view) {
                Some(&key) => key,
                None => {
                    let key = self.of_value(value())?;
                    self.of_view.insert(view, key);
                    key
                }
            },
        };
        self.last = Some((view, key));
        Ok(key)
    }

    /// The index of the long `value` (whose view is `view`) of a column
    /// whose rows share no bytes.
    fn of_long_value(&mut self, view: View, value: &'a str) -> PolarsResult<u32> {
        if let Some((last, last_value, key)) = self.last_long {
            if (last.length, last.prefix) == (view.length, view.prefix) && last_value == value {
                return Ok(key);
            }
        }
        let key = self.of_value(value)?;
        self.last_long = Some((view, value, key));
        Ok(key)
    }

    /// The index of `value`, a new one when it is seen first.
    fn of_value(&mut self, value: &'a str) -> PolarsResult<u32> {
        let next = u32::try_from(self.of_value.len())
            .map_err(|_| polars_err!(ComputeError: "too many distinct values"))?;
        Ok(*self.of_value.entry(value).or_insert_with(|| {
            self.values.push_value(value);
            next
        }))
    }
}

impl super::TableWriter for ParquetTable<'_> {
    fn batch(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        let df = chunk_df_for_writing(df, ROW_GROUP_ROWS)?;
        let mut file = match std::mem::replace(self, ParquetTable::Gone) {
            ParquetTable::Waiting(out) => Box::new(File::begin(out, df.schema())?),
            ParquetTable::Writing(file) => file,
            ParquetTable::Gone => polars_bail!(ComputeError: "the Parquet file could not begin"),
        };
        let written = file.write(&df);
        *self = ParquetTable::Writing(file);
        written
    }

    fn finish(self: Box<Self>) -> PolarsResult<()> {
        match *self {
            ParquetTable::Writing(file) => file.writer.finish().map(|_| ()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{write_batches, Exporter};
    use super::*;

    /// polars' own file of `df`.
    fn theirs(df: &DataFrame) -> Vec<u8> {
        let mut out = Vec::new();
        ParquetWriter::new(&mut out)
            .finish(&mut df.clone())
            .unwrap();
        out
    }

    fn ours(df: &DataFrame) -> Vec<u8> {
        let mut out = Vec::new();
        Parquet.write(&mut df.clone(), &mut out).unwrap();
        out
    }

    /// A text column of `rows` rows cycling through `distinct` values,
    /// gathered from them (rows of one value share a view, as the
    /// occurrence table builds them) and also built plainly, one copy per
    /// row; every `nulls`-th row null (never when 0).
    fn texts(rows: usize, distinct: usize, nulls: usize) -> (Column, Column) {
        let value = |i: usize| match i % 3 {
            // inline (12 bytes or fewer), empty, and long values
            0 => format!("v{i}"),
            1 if i.is_multiple_of(2) => String::new(),
            _ => format!("a value longer than twelve bytes, number {i}"),
        };
        let cell = |row: usize| (nulls == 0 || row % nulls != 1).then(|| value(row % distinct));
        let plain: StringChunked = (0..rows).map(cell).collect();
        let values: StringChunked = (0..distinct).map(|i| Some(value(i))).collect();
        let index: Vec<IdxSize> = (0..rows).map(|row| (row % distinct) as IdxSize).collect();
        let mut gathered = values.take(index.as_slice()).unwrap();
        if nulls > 0 {
            let keep: BooleanChunked = (0..rows).map(|row| row % nulls != 1).collect();
            let none = StringChunked::full_null("t".into(), rows);
            gathered = gathered.zip_with(&keep, &none).unwrap();
        }
        (
            plain.with_name("t".into()).into_column(),
            gathered.with_name("t".into()).into_column(),
        )
    }

    #[test]
    fn text_columns_are_written_as_polars_writes_them() {
        // (rows, distinct values, every n-th row null): dictionaries of few
        // and of many values, up to the 3/4 cardinality limit and past it
        // (plain), 128 rows or fewer (always a dictionary), nulls, a column
        // of nulls only, and a table long enough for two row groups
        let cases = [
            (1, 1, 0),
            (5, 5, 0),
            (128, 128, 0),
            (129, 129, 0),
            (1000, 10, 0),
            (1000, 10, 7),
            (1000, 700, 0),
            (1000, 800, 5),
            (1000, 1000, 3),
            (300, 300, 1),
            (40, 1, 2),
            (300_000, 5_000, 11),
        ];
        for (rows, distinct, nulls) in cases {
            let (plain, gathered) = texts(rows, distinct, nulls);
            let n = Column::new("n".into(), (0..rows as i64).collect::<Vec<_>>());
            let df = DataFrame::new(rows, vec![plain, n.clone()]).unwrap();
            let shared = DataFrame::new(rows, vec![gathered, n]).unwrap();
            assert!(df.equals_missing(&shared));
            let expected = theirs(&df);
            assert!(
                ours(&df) == expected,
                "{rows} rows, {distinct} values, nulls {nulls}"
            );
            assert!(
                ours(&shared) == expected,
                "shared: {rows}, {distinct}, {nulls}"
            );
        }
    }

    #[test]
    fn a_table_written_in_batches_reads_back_whole() {
        let (plain, gathered) = texts(3_000, 40, 9);
        let df = DataFrame::new(3_000, vec![plain.clone()]).unwrap();
        let parts = [
            DataFrame::new(1_000, vec![gathered.slice(0, 1_000)]).unwrap(),
            DataFrame::new(2_000, vec![gathered.slice(1_000, 2_000)]).unwrap(),
        ];
        let mut out = Vec::new();
        write_batches(&Parquet, &mut parts.into_iter().map(Ok), &mut out).unwrap();
        let back = ParquetReader::new(std::io::Cursor::new(out))
            .finish()
            .unwrap();
        assert!(back.equals_missing(&df));
    }
}
