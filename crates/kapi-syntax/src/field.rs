//! `kapi-field: PATH = VALUE`: kapi's kerneldoc extension for facts that no
//! KAPI key carries (see [`crate::write`]).
//!
//! Paths:
//! - `ioctl.cmd`, `ioctl.cmd-name`, `ioctl.input-size`, `ioctl.output-size`,
//!   `ioctl.file-ops`;
//! - `sysfs` (a sysfs spec with no facts), `sysfs.subsystem`, `.path`,
//!   `.permissions`, `.device-type`, `.default`, `.units`, `.step`,
//!   `.deprecated`, `.replacement`, `.allowed-string` (repeated);
//! - `signal-mask[I].name`, `.signals`, `.desc`;
//! - `return.type-name` (a C type name next to a KAPI type), `return.kind`
//!   (a type word that is not a KAPI type);
//! - `param[NAME].ctype` (a C type with no prototype to take it from),
//!   `.enum`, `.custom`, `.block` (`no`: known only from the prototype),
//!   `.sysfs` and `.sysfs.*` as for the spec;
//! - `error[I].code`, `capability[I].number`, `struct[I].param`,
//!   `struct[I].field[J].enum-text` (an enum list kept as one C string),
//!   `struct[I].field[J].constraint` (kernel-doc would promote the sub-key);
//! - `ITEM[I].KEY` for an item's unknown sub-key (`param[NAME].KEY`,
//!   `return.KEY`, `error`, `lock`, `signal`, `side-effect`, `state-trans`,
//!   `capability`, `constraint`, `struct`, `struct[I].field[J]`,
//!   `validation-group`);
//! - anything else is kept as an unknown attribute of the spec.

use kapi_model::*;

/// Applies one `kapi-field:` line. `value_loc` is where the value starts.
pub fn apply(spec: &mut Spec, path: &str, value: &str, loc: Loc) -> Result<(), String> {
    let text = || Text::new(value, loc);
    let val = || Value::parse(value, loc);
    let attr = |key: &str| Attr { key: key.to_string(), value: Text::new(value, loc) };
    let (head, rest) = split_path(path);
    match (head.0, head.1, rest) {
        ("ioctl", None, Some(k)) => {
            let io = spec.ioctl.get_or_insert_with(IoctlInfo::default);
            match k {
                "cmd" => io.cmd = Some(val()),
                "cmd-name" => io.cmd_name = Some(text()),
                "input-size" => io.input_size = Some(val()),
                "output-size" => io.output_size = Some(val()),
                "file-ops" => io.file_ops_name = Some(text()),
                _ => return Err(format!("`ioctl.{k}` is not an ioctl field")),
            }
        }
        ("sysfs", None, None) => {
            spec.sysfs.get_or_insert_with(SysfsInfo::default);
        }
        ("sysfs", None, Some(k)) => {
            let s = spec.sysfs.get_or_insert_with(SysfsInfo::default);
            match k {
                "subsystem" => s.subsystem = Some(text()),
                "path" => s.path = Some(text()),
                "permissions" => s.permissions = Some(val()),
                "device-type" => s.device_type = Some(text()),
                "default" => s.default_value = Some(text()),
                "units" => s.units = Some(text()),
                "step" => s.step = Some(val()),
                "deprecated" => s.deprecated = Some(Truth::parse(value, loc)),
                "replacement" => s.replacement = Some(text()),
                "allowed-string" => s.allowed_strings.push(text()),
                _ => return Err(format!("`sysfs.{k}` is not a sysfs field")),
            }
        }
        ("signal-mask", Some(i), Some(k)) => {
            let i: usize = i.parse().map_err(|_| format!("`{i}` is not an index"))?;
            if i > spec.signal_masks.len() {
                return Err(format!("signal-mask[{i}] comes before signal-mask[{}]", spec.signal_masks.len()));
            }
            if i == spec.signal_masks.len() {
                spec.signal_masks.push(SignalMask { loc, ..SignalMask::default() });
            }
            let m = &mut spec.signal_masks[i];
            match k {
                "name" => m.name = value.to_string(),
                "signals" => {
                    m.signals = value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::parse(s, loc))
                        .collect()
                }
                "desc" => m.desc = Some(text()),
                _ => return Err(format!("`{k}` is not a signal-mask field")),
            }
        }
        ("return", None, Some(k)) => {
            let r = spec.ret.get_or_insert_with(ReturnSpec::default);
            match k {
                "type-name" => r.type_name = Some(text()),
                "kind" => r.kind = Some(Token::parse(value, loc)),
                k => r.extra.push(attr(k)),
            }
        }
        ("param", Some(name), rest) => {
            let Some(p) = spec.params.iter_mut().find(|p| p.name == name) else {
                return Err(format!("no parameter `{name}`"));
            };
            match rest {
                Some("enum") => {
                    p.enum_values = value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::parse(s, loc))
                        .collect()
                }
                Some("custom") => p.custom_fn = Some(text()),
                Some("ctype") => p.ctype = Some(value.to_string()),
                Some("block") => p.has_block = Truth::parse(value, loc).is_yes(),
                Some("sysfs") => {
                    p.sysfs.get_or_insert_with(SysfsParam::default);
                }
                Some(k) if k.starts_with("sysfs.") => {
                    let s = p.sysfs.get_or_insert_with(SysfsParam::default);
                    match k.trim_start_matches("sysfs.") {
                        "path" => s.path = Some(text()),
                        "permissions" => s.permissions = Some(val()),
                        "default" => s.default_value = Some(text()),
                        "units" => s.units = Some(text()),
                        "step" => s.step = Some(val()),
                        "allowed-string" => s.allowed_strings.push(text()),
                        other => return Err(format!("`sysfs.{other}` is not a sysfs field")),
                    }
                }
                Some(k) => p.extra.push(attr(k)),
                None => return Err("a parameter path needs a field".into()),
            }
        }
        (item, Some(i), Some(k)) => {
            let i: usize = i.parse().map_err(|_| format!("`{i}` is not an index"))?;
            let missing = || format!("there is no {item}[{i}]");
            match item {
                "error" => {
                    let e = spec.errors.get_mut(i).ok_or_else(missing)?;
                    if k == "code" {
                        e.code_raw = Some(val());
                    } else {
                        e.extra.push(attr(k));
                    }
                }
                "lock" => spec.locks.get_mut(i).ok_or_else(missing)?.extra.push(attr(k)),
                "signal" => spec.signals.get_mut(i).ok_or_else(missing)?.extra.push(attr(k)),
                "side-effect" => spec.side_effects.get_mut(i).ok_or_else(missing)?.extra.push(attr(k)),
                "state-trans" => spec.state_transitions.get_mut(i).ok_or_else(missing)?.extra.push(attr(k)),
                "capability" => {
                    let c = spec.capabilities.get_mut(i).ok_or_else(missing)?;
                    if k == "number" {
                        c.number = val().as_i64().and_then(|n| i32::try_from(n).ok());
                    } else {
                        c.extra.push(attr(k));
                    }
                }
                "constraint" => spec.constraints.get_mut(i).ok_or_else(missing)?.extra.push(attr(k)),
                "validation-group" => spec.validation_groups.get_mut(i).ok_or_else(missing)?.extra.push(attr(k)),
                "struct" => {
                    let st = spec.structs.get_mut(i).ok_or_else(missing)?;
                    let (fh, frest) = split_path(k);
                    match (fh.0, fh.1, frest) {
                        ("param", None, None) => st.param = Some(value.to_string()),
                        ("field", Some(j), Some(fk)) => {
                            let j: usize = j.parse().map_err(|_| format!("`{j}` is not an index"))?;
                            let f = st.fields.get_mut(j).ok_or_else(|| format!("there is no field[{j}]"))?;
                            if fk == "enum-text" {
                                f.enum_values.push((value.to_string(), val()));
                            } else if fk == "constraint" {
                                f.constraint_text.push(text());
                            } else {
                                f.extra.push(attr(fk));
                            }
                        }
                        _ => st.extra.push(attr(k)),
                    }
                }
                _ => spec.extra.push(attr(path)),
            }
        }
        _ => spec.extra.push(attr(path)),
    }
    Ok(())
}

/// Splits `a[i].rest` into `(a, Some(i))` and `Some(rest)`.
fn split_path(path: &str) -> ((&str, Option<&str>), Option<&str>) {
    let (first, rest) = match path.find(['.', '[']) {
        Some(p) if path.as_bytes()[p] == b'[' => match path[p..].find(']') {
            Some(q) => {
                let idx = &path[p + 1..p + q];
                let after = &path[p + q + 1..];
                return ((&path[..p], Some(idx)), after.strip_prefix('.'));
            }
            None => (path, None),
        },
        Some(p) => (&path[..p], Some(&path[p + 1..])),
        None => (path, None),
    };
    ((first, None), rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split() {
        assert_eq!(split_path("ioctl.cmd"), (("ioctl", None), Some("cmd")));
        assert_eq!(split_path("param[len].sysfs.units"), (("param", Some("len")), Some("sysfs.units")));
        assert_eq!(split_path("error[2].code"), (("error", Some("2")), Some("code")));
        assert_eq!(split_path("sysfs"), (("sysfs", None), None));
        assert_eq!(split_path("protocol_behaviors[0].behavior"), (("protocol_behaviors", Some("0")), Some("behavior")));
    }

    #[test]
    fn unknown_paths_are_kept() {
        let mut s = Spec::default();
        apply(&mut s, "socket_state.resulting_state", "KAPI_SOCK_STATE_OPEN", Loc::new(3, 1)).unwrap();
        apply(&mut s, "protocol_behaviors[0].behavior", "TCP", Loc::new(4, 1)).unwrap();
        assert_eq!(s.extra.len(), 2);
        assert_eq!(s.extra[1].key, "protocol_behaviors[0].behavior");
    }

    #[test]
    fn typed_paths_fill_the_model() {
        let mut s = Spec::default();
        apply(&mut s, "ioctl.cmd", "BINDER_WRITE_READ", Loc::default()).unwrap();
        apply(&mut s, "signal-mask[0].name", "blocked", Loc::default()).unwrap();
        apply(&mut s, "signal-mask[0].signals", "SIGINT, SIGTERM", Loc::default()).unwrap();
        assert_eq!(s.ioctl.as_ref().and_then(|i| i.cmd.as_ref()).map(|c| c.raw.as_str()), Some("BINDER_WRITE_READ"));
        assert_eq!(s.signal_masks[0].signals.len(), 2);
        assert!(apply(&mut s, "signal-mask[5].name", "x", Loc::default()).is_err());
        assert!(apply(&mut s, "error[0].code", "-1", Loc::default()).is_err());
    }
}
