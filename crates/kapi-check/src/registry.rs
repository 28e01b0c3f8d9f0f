//! A spec registry that behaves like the in-kernel one
//! (`kapi_get_spec()`, `kapi_register_spec()`, `kapi_unregister_spec()`).
//!
//! The kernel keeps the built-in specs (the `.kapi_specs` section) and a list
//! of dynamically registered ones, and holds pointers to specs it does not
//! own; so does this: it borrows its specs, and a lookup returns the very
//! spec that was registered.

use kapi_model::{tables, Spec};

/// Specs by name: built-in ones first, then registered ones.
#[derive(Clone, Debug, Default)]
pub struct Registry<'a> {
    builtin: Vec<&'a Spec>,
    dynamic: Vec<&'a Spec>,
}

fn errno(name: &str) -> i32 {
    tables::errno(name).unwrap_or(0)
}

impl<'a> Registry<'a> {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// A registry whose built-in specs (the `.kapi_specs` section) are
    /// `specs`. They cannot be unregistered; like the section, they may
    /// repeat a name, and the first one wins.
    pub fn with_builtin(specs: impl IntoIterator<Item = &'a Spec>) -> Self {
        Registry { builtin: specs.into_iter().collect(), dynamic: Vec::new() }
    }

    /// The spec named `name`: the built-in one first, then the registered
    /// one (`kapi_get_spec()`).
    pub fn get(&self, name: &str) -> Option<&'a Spec> {
        self.builtin.iter().chain(&self.dynamic).copied().find(|s| s.name == name)
    }

    /// Registers `spec` (`kapi_register_spec()`): `Err(-EINVAL)` for an
    /// empty name, `Err(-EEXIST)` when a spec of that name is already known.
    pub fn register(&mut self, spec: &'a Spec) -> Result<(), i32> {
        if spec.name.is_empty() {
            return Err(-errno("EINVAL"));
        }
        if self.get(&spec.name).is_some() {
            return Err(-errno("EEXIST"));
        }
        self.dynamic.push(spec);
        Ok(())
    }

    /// Unregisters the registered spec named `name` (`kapi_unregister_spec()`);
    /// nothing happens when there is none, and built-in specs stay.
    pub fn unregister(&mut self, name: &str) {
        if let Some(i) = self.dynamic.iter().position(|s| s.name == name) {
            self.dynamic.remove(i);
        }
    }

    /// Every spec, built-in ones first.
    pub fn iter(&self) -> impl Iterator<Item = &'a Spec> + '_ {
        self.builtin.iter().chain(&self.dynamic).copied()
    }
}
