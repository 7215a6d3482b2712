//! IP addresses and CIDR blocks, for filters on where a session was seen.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An IP address or a CIDR block, such as `203.0.113.7` or `2001:db8::/32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Whether `ip` is in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            _ => false,
        }
    }

    /// Whether the address written in `text` is in the range; text that is not an
    /// address is not.
    pub(crate) fn contains_text(&self, text: &str) -> bool {
        text.trim().parse().is_ok_and(|ip| self.contains(ip))
    }
}

fn same_prefix(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = (usize::from(prefix / 8), prefix % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

impl FromStr for IpRange {
    type Err = IpRangeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || IpRangeError(text.to_owned());
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().map_err(|_| error())?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().ok().filter(|p| *p <= bits).ok_or_else(error)?,
            None => bits,
        };
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// Written as its text (`"203.0.113.0/24"`), as a journal keeps a filter's address test.
impl Serialize for IpRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IpRange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Text that is neither an IP address nor a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpRangeError(String);

impl fmt::Display for IpRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an IP address or a CIDR block such as 203.0.113.0/24", self.0)
    }
}

impl std::error::Error for IpRangeError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> IpRange {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn cidr_blocks_and_single_addresses() {
        let net = range("203.0.113.0/24");
        assert!(net.contains("203.0.113.200".parse().expect("ip")));
        assert!(!net.contains("203.0.114.1".parse().expect("ip")));
        assert!(range("10.0.0.0/9").contains("10.127.255.255".parse().expect("ip")));
        assert!(!range("10.0.0.0/9").contains("10.128.0.0".parse().expect("ip")));
        assert!(range("0.0.0.0/0").contains("198.51.100.1".parse().expect("ip")));
        assert!(range("198.51.100.17").contains("198.51.100.17".parse().expect("ip")));
        assert!(!range("198.51.100.17").contains("198.51.100.18".parse().expect("ip")));
        assert!(range("2001:db8::/32").contains("2001:db8:ffff::1".parse().expect("ip")));
        assert!(!range("2001:db8::/32").contains("203.0.113.1".parse().expect("ip")), "families never match");
        for bad in ["", "203.0.113.0/33", "2001:db8::/129", "host.example", "1.2.3.4/x"] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
        assert!(range("203.0.113.0/24").contains_text(" 203.0.113.9 "));
        assert!(!range("203.0.113.0/24").contains_text("unknown"));
    }
}
