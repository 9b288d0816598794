//! A file on the host, read through ARM semihosting (SYS_OPEN / SYS_READ / SYS_CLOSE).

use cortex_m_semihosting::{nr, syscall};

/// A host file opened for binary reading.
pub struct HostFile {
    handle: usize,
}

impl HostFile {
    /// Opens `name`, which must end with a NUL byte (`b"cases.bin\0"`), relative to the
    /// directory QEMU was started in.
    pub fn open(name: &[u8]) -> Option<HostFile> {
        let len = name.len().checked_sub(1)?;
        if name.last() != Some(&0) {
            return None;
        }
        // SAFETY: SYS_OPEN reads `len` bytes of `name` and its NUL terminator, which we own.
        let handle = unsafe { syscall!(OPEN, name.as_ptr(), nr::open::R_BINARY, len) };
        if handle as isize == -1 {
            None
        } else {
            Some(HostFile { handle })
        }
    }

    /// Reads the next frame, `"<tag> <len>\n"` then `len` bytes, into the front of `buf`:
    /// `Ok(None)` at the end of the file, `Err(())` for a frame of another tag, a frame longer
    /// than `buf` or a file cut short.
    #[allow(clippy::result_unit_err)]
    pub fn read_frame<'b>(&mut self, tag: &str, buf: &'b mut [u8]) -> Result<Option<&'b [u8]>, ()> {
        let mut line = [0u8; 32];
        let mut n = 0;
        let mut one = [0u8; 1];
        while n < line.len() && self.read_exact(&mut one) {
            line[n] = one[0];
            n += 1;
            if one[0] == b'\n' {
                break;
            }
        }
        if n == 0 {
            return Ok(None);
        }
        match crate::wire::header_line(&line[..n]) {
            Some((t, len, _)) if t == tag && len <= buf.len() => {
                let body = &mut buf[..len];
                if self.read_exact(body) {
                    Ok(Some(body))
                } else {
                    Err(())
                }
            }
            _ => Err(()),
        }
    }

    /// Fills `buf` completely; false at end of file or on error.
    pub fn read_exact(&mut self, buf: &mut [u8]) -> bool {
        let mut done = 0;
        while done < buf.len() {
            let rest = &mut buf[done..];
            // SAFETY: SYS_READ writes at most `rest.len()` bytes into `rest`, which we own.
            let not_read = unsafe { syscall!(READ, self.handle, rest.as_mut_ptr(), rest.len()) };
            if not_read >= rest.len() {
                return false;
            }
            done += rest.len() - not_read;
        }
        true
    }
}

impl Drop for HostFile {
    fn drop(&mut self) {
        // SAFETY: closes the handle this value owns.
        unsafe {
            syscall!(CLOSE, self.handle);
        }
    }
}
