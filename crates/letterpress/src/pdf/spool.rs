//! What the end of a streamed PDF needs of every object or letter, kept in unnamed temporary
//! files instead of memory (see [`super::stream`]): the byte offset of every object (8 bytes
//! each, by object number, for the cross-reference table) and fixed-size records appended in
//! order (a structure element per letter, a parent-tree leaf per letter). The files have no
//! name, so nothing is left behind however the process ends.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The offset of each object, by number; 0 for a number never written (a free entry).
pub(super) struct Offsets {
    file: BufWriter<File>,
    /// Where the writer stands, in entries.
    at: u64,
    /// One past the highest number set.
    size: u32,
}

impl Offsets {
    /// An empty table in a temporary file in `dir`.
    pub(super) fn new(dir: &Path) -> io::Result<Offsets> {
        Ok(Offsets {
            file: BufWriter::with_capacity(64 * 1024, tempfile::tempfile_in(dir)?),
            at: 0,
            size: 0,
        })
    }

    /// Object `num` starts at byte `offset` of the output.
    pub(super) fn set(&mut self, num: u32, offset: u64) -> io::Result<()> {
        let n = u64::from(num);
        if n != self.at {
            self.file.seek(SeekFrom::Start(n * 8))?;
        }
        self.file.write_all(&offset.to_le_bytes())?;
        self.at = n + 1;
        self.size = self.size.max(num + 1);
        Ok(())
    }

    /// Write the classic cross-reference table for objects `0..size` (entry 0 and the numbers
    /// never written are free entries, each pointing to the next free one, as ISO 32000-1
    /// 7.5.4 asks).
    pub(super) fn write_table(self, size: u32, out: &mut impl Write) -> io::Result<()> {
        let size = size.max(self.size).max(1);
        write!(out, "xref\n0 {size}\n")?;
        self.entries(size, |offset, next, gen| match offset {
            Some(offset) => write!(out, "{offset:010} 00000 n\r\n"),
            None => write!(out, "{next:010} {gen:05} f\r\n"),
        })
    }

    /// The data of a cross-reference stream with `/W [1 5 2]` (8 bytes an entry, offsets up
    /// to 1 TiB): for a file past the 10-digit offsets of a table (9,999,999,999 bytes).
    pub(super) fn write_stream_data(self, size: u32, out: &mut impl Write) -> io::Result<()> {
        self.entries(size, |offset, next, gen| {
            let (kind, field, gen) = match offset {
                Some(offset) => (1u8, offset, 0u16),
                None => (0, u64::from(next), gen),
            };
            let mut e = [0u8; 8];
            e[0] = kind;
            e[1..6].copy_from_slice(&field.to_be_bytes()[3..8]);
            e[6..8].copy_from_slice(&gen.to_be_bytes());
            out.write_all(&e)
        })
    }

    /// Every entry from 0 to `size`, in order: `Some(offset)` for an object written, else the
    /// next free number and the generation (the free list's chain).
    fn entries(
        mut self,
        size: u32,
        mut each: impl FnMut(Option<u64>, u32, u16) -> io::Result<()>,
    ) -> io::Result<()> {
        let size = size.max(self.size).max(1);
        self.file.seek(SeekFrom::Start(u64::from(size) * 8))?;
        self.file.write_all(&[0; 8])?; // the file is at least `size` entries long
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        let free = free_numbers(&mut file, size)?;
        file.seek(SeekFrom::Start(0))?;
        let mut r = BufReader::with_capacity(64 * 1024, file);
        let mut free = free.into_iter().peekable();
        let mut buf = [0u8; 8];
        for n in 0..size {
            r.read_exact(&mut buf)?;
            let offset = u64::from_le_bytes(buf);
            if n > 0 && offset > 0 {
                each(Some(offset), 0, 0)?;
                continue;
            }
            while free.peek().is_some_and(|&f| f <= n) {
                free.next();
            }
            let next = free.peek().copied().unwrap_or(0);
            each(None, next, if n == 0 { 65535 } else { 1 })?;
        }
        Ok(())
    }
}

/// The free object numbers (offset 0) below `size`, entry 0 excluded. Few: the writer leaves
/// no gaps except where a letter's file had some.
fn free_numbers(file: &mut File, size: u32) -> io::Result<Vec<u32>> {
    file.seek(SeekFrom::Start(0))?;
    let mut r = BufReader::with_capacity(64 * 1024, &mut *file);
    let mut buf = [0u8; 8];
    let mut free = Vec::new();
    for n in 0..size {
        r.read_exact(&mut buf)?;
        if n > 0 && u64::from_le_bytes(buf) == 0 {
            free.push(n);
        }
    }
    Ok(free)
}

/// Records of `N` numbers appended in order, read back in the same order.
pub(super) struct Records<const N: usize> {
    file: BufWriter<File>,
    len: u64,
}

impl<const N: usize> Records<N> {
    /// No records yet, in a temporary file in `dir`.
    pub(super) fn new(dir: &Path) -> io::Result<Records<N>> {
        Ok(Records {
            file: BufWriter::with_capacity(16 * 1024, tempfile::tempfile_in(dir)?),
            len: 0,
        })
    }

    /// Append one record.
    pub(super) fn push(&mut self, record: [u32; N]) -> io::Result<()> {
        for v in record {
            self.file.write_all(&v.to_le_bytes())?;
        }
        self.len += 1;
        Ok(())
    }

    /// How many records there are.
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    /// Every record, in the order appended.
    pub(super) fn read(self) -> io::Result<impl Iterator<Item = io::Result<[u32; N]>>> {
        let len = self.len;
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let mut r = BufReader::with_capacity(16 * 1024, file);
        Ok((0..len).map(move |_| {
            let mut rec = [0u32; N];
            let mut b = [0u8; 4];
            for v in &mut rec {
                r.read_exact(&mut b)?;
                *v = u32::from_le_bytes(b);
            }
            Ok(rec)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_offset_by_number_and_chains_the_free_entries() {
        let dir = std::env::temp_dir();
        let mut t = Offsets::new(&dir).expect("spool");
        // Out of order, as pre-allocated numbers are written late; 3 and 6 never written.
        for (num, off) in [(1, 15), (2, 120), (5, 300), (4, 250), (7, 999)] {
            t.set(num, off).expect("set");
        }
        let mut out = Vec::new();
        t.write_table(8, &mut out).expect("table");
        let text = String::from_utf8(out).expect("ascii");
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "xref\n0 8\n0000000003 65535 f");
        assert_eq!(lines[1], "0000000015 00000 n");
        assert_eq!(lines[2], "0000000120 00000 n");
        assert_eq!(lines[3], "0000000006 00001 f");
        assert_eq!(lines[4], "0000000250 00000 n");
        assert_eq!(lines[5], "0000000300 00000 n");
        assert_eq!(lines[6], "0000000000 00001 f");
        assert_eq!(lines[7], "0000000999 00000 n");
        assert_eq!(lines.len(), 9, "8 entries of 20 bytes: {text:?}");
        assert!(text
            .split('\n')
            .skip(2)
            .all(|l| l.is_empty() || l.len() == 19));
    }

    #[test]
    fn records_come_back_in_order() {
        let mut r = Records::<3>::new(&std::env::temp_dir()).expect("spool");
        for i in 0..10_000u32 {
            r.push([i, i * 2, u32::MAX - i]).expect("push");
        }
        assert_eq!(r.len(), 10_000);
        let back: Vec<[u32; 3]> = r.read().expect("read").map(|x| x.expect("rec")).collect();
        assert_eq!(back.len(), 10_000);
        assert_eq!(back[0], [0, 0, u32::MAX]);
        assert_eq!(back[9_999], [9_999, 19_998, u32::MAX - 9_999]);
    }
}
