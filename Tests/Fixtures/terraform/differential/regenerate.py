#!/usr/bin/env python3
"""Regenerates cases.jsonl: seeded root modules, applied by real terraform, edited out of band.

Run from anywhere with terraform on PATH (offline is fine: only `terraform_data` is used):
    python3 Tests/Fixtures/terraform/differential/regenerate.py            # seeds 1..N
    python3 Tests/Fixtures/terraform/differential/regenerate.py --seeds 3,7 --out -

Per seed: a root module is generated (typed variables with optional attributes, tfvars,
locals, count, for_each, conditionals, for expressions, splats, templates, heredocs,
functions, references, local modules, moved blocks, ignore_changes, sensitive values), then

    terraform init && terraform apply -auto-approve
    (a moved case is applied with the configuration before the move, then the files change)
    terraform state pull -> edit attributes of some instances, serial + 1 -> terraform state push
    terraform plan -refresh=false -out=plan && terraform show -json plan

Some seeds are clean (no edit). Each line of cases.jsonl records: the configuration files, the
edits made, the snapshot git-drift reads (the plan's `prior_state`, which with -refresh=false is
the pushed state in `terraform show -json` form) and the truth from the plan's resource_changes:
per changed address its kind and attribute pointers, and separately the knock-ons (addresses
whose only changes are values known after apply).
"""
import argparse
import concurrent.futures
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid

ENV = dict(os.environ, TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1", TF_CLI_CONFIG_FILE="/dev/null")
HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = ["alpha", "beta", "gamma", "delta", "web", "db", "cache", "edge", "blue", "green",
         "api", "queue", "log", "zeta", "omega", "north", "south"]


def hcl(value, indent=0):
    """A literal of `value` in HCL syntax."""
    pad = "  " * indent
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + text.replace("${", "$${").replace("%{", "%%{") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(hcl(item, indent) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = [f"{pad}  {key if key.isidentifier() else hcl(key)} = {hcl(item, indent + 1)}"
                 for key, item in value.items()]
        return "{\n" + "\n".join(lines) + "\n" + pad + "}"
    raise TypeError(value)


class Generator:
    """One root module, built from randomly chosen features."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.blocks = []        # main.tf, after any move
        self.before = []        # blocks that differ before a move: (index, text)
        self.tfvars = []
        self.modules = {}       # folder -> main.tf text
        self.count = 0
        self.features = []
        self.extra = {}         # other files of the root module (auto.tfvars, .tfvars.json)

    def name(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def word(self):
        return self.rng.choice(WORDS)

    def words(self, low=1, high=4):
        return self.rng.sample(WORDS, self.rng.randint(low, high))

    def scalar(self):
        kind = self.rng.randrange(4)
        if kind == 0:
            return self.word()
        if kind == 1:
            return self.rng.randint(-5, 500)
        if kind == 2:
            return self.rng.choice([True, False])
        return self.rng.choice([0.5, 1.25, 2.75, 10.5])

    def literal(self, depth=2):
        kind = self.rng.randrange(5 if depth > 0 else 1)
        if kind <= 1:
            return self.scalar()
        if kind == 2:
            return [self.word() for _ in range(self.rng.randint(0, 3))]
        if kind == 3:
            return {self.word() + str(i): self.literal(depth - 1) for i in range(self.rng.randint(1, 3))}
        return {"name": self.word(), "size": self.rng.randint(1, 9)}

    # Features: each appends blocks (and tfvars, module folders) of its own, with unique names.

    def typed_variable(self):
        v = self.name("cfg")
        self.blocks.append(f'''variable "{v}" {{
  type = object({{
    name    = string
    size    = optional(number, {self.rng.randint(1, 5)})
    tags    = optional(map(string), {{}})
    enabled = optional(bool)
    extra   = optional(object({{ level = optional(number, 3), note = optional(string) }}), {{}})
  }})
  default = {{ name = "{self.word()}" }}
}}''')
        if self.rng.random() < 0.7:
            value = {"name": self.word()}
            if self.rng.random() < 0.5:
                value["tags"] = {self.word(): self.word() for _ in range(self.rng.randint(1, 3))}
            if self.rng.random() < 0.5:
                value["enabled"] = self.rng.choice([True, False])
            if self.rng.random() < 0.5:
                value["extra"] = {"note": self.word()}
            self.tfvars.append(f"{v} = {hcl(value)}")
        r = self.name("typed")
        if self.rng.random() < 0.5:
            body = f"input = var.{v}"
        else:
            body = f'''input = {{
    name  = var.{v}.name
    twice = var.{v}.size * 2
    tags  = merge({{ owner = "team" }}, var.{v}.tags)
    level = var.{v}.extra.level
    on    = coalesce(var.{v}.enabled, false)
  }}'''
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  {body}\n}}')

    def counted(self):
        v = self.name("zones")
        zones = self.words(1, 4)
        self.blocks.append(f'variable "{v}" {{\n  type    = list(string)\n  default = {hcl(zones)}\n}}')
        if self.rng.random() < 0.5:
            self.tfvars.append(f"{v} = {hcl(self.words(1, 4))}")
        r = self.name("counted")
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  count = length(var.{v})
  input = {{
    zone  = var.{v}[count.index]
    index = count.index
    name  = format("%s-%02d", "{self.word()}", count.index + 1)
    last  = count.index == length(var.{v}) - 1
  }}
}}''')

    def for_each_map(self):
        v = self.name("svcs")
        services = {self.word() + str(i): {"port": self.rng.randint(80, 9000)} for i in range(self.rng.randint(1, 3))}
        for service in services.values():
            if self.rng.random() < 0.5:
                service["proto"] = self.rng.choice(["udp", "tcp"])
        self.blocks.append(f'''variable "{v}" {{
  type = map(object({{
    port  = number
    proto = optional(string, "tcp")
  }}))
  default = {hcl(services)}
}}''')
        r = self.name("svc")
        value = self.rng.choice([
            f'merge(each.value, {{ key = each.key, label = upper(each.key) }})',
            f'"${{each.key}}:${{each.value.port}}/${{each.value.proto}}"',
            f'{{ port = each.value.port + 1, tls = each.value.port == 443 || each.value.proto == "udp" }}',
        ])
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  for_each = var.{v}\n  input    = {value}\n}}')

    def for_each_set(self):
        r = self.name("set")
        items = self.words(1, 4)
        value = self.rng.choice([
            'each.key', '"${each.key}-${length(each.key)}"', '{ name = each.value, up = upper(each.key) }',
        ])
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  for_each = toset({hcl(items)})\n  input    = {value}\n}}')

    def conditional(self):
        v = self.name("flag")
        default = self.rng.choice([True, False])
        self.blocks.append(f'variable "{v}" {{\n  type    = bool\n  default = {hcl(default)}\n}}')
        if self.rng.random() < 0.4:
            self.tfvars.append(f"{v} = {hcl(not default)}")
        r = self.name("cond")
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  count = var.{v} ? {self.rng.randint(1, 3)} : {self.rng.randint(0, 1)}
  input = var.{v} ? {{ mode = "on", n = count.index }} : {{ mode = "off", n = -1 }}
}}''')

    def for_expressions(self):
        l = self.name("fx")
        items = self.words(2, 5)
        ports = {w: self.rng.randint(1, 99) for w in self.words(1, 3)}
        self.blocks.append(f'''locals {{
  {l}_items = {hcl(items)}
  {l}_ports = {hcl(ports)}
  {l}_long  = [for s in local.{l}_items : upper(s) if length(s) > 3]
  {l}_map   = {{ for k, v in local.{l}_ports : k => v * 2 }}
  {l}_group = {{ for s in local.{l}_items : substr(s, 0, 1) => s... }}
  {l}_pairs = [for i, s in local.{l}_items : "${{i}}=${{s}}"]
}}''')
        r = self.name("forx")
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  input = {{
    long  = local.{l}_long
    map   = local.{l}_map
    group = local.{l}_group
    pairs = local.{l}_pairs
  }}
}}''')

    def splat(self):
        a = self.name("node")
        b = self.name("nodes")
        self.blocks.append(f'''resource "terraform_data" "{a}" {{
  count = {self.rng.randint(1, 3)}
  input = {{ name = "{self.word()}-${{count.index}}", weight = count.index * 10 }}
}}''')
        self.blocks.append(f'''resource "terraform_data" "{b}" {{
  input = {{
    names   = terraform_data.{a}[*].input.name
    total   = sum(terraform_data.{a}[*].input.weight)
    count   = length(terraform_data.{a})
  }}
}}''')

    def template(self):
        l = self.name("tpl")
        items = self.words(1, 4)
        self.blocks.append(f'locals {{\n  {l} = {hcl(items)}\n}}')
        r = self.name("tmpl")
        value = self.rng.choice([
            f'"%{{ for i, s in local.{l} }}${{i}}:${{s}}%{{ if i < length(local.{l}) - 1 }},%{{ endif }}%{{ endfor }}"',
            f'"%{{ if length(local.{l}) > 2 }}many%{{ else }}few%{{ endif }}: ${{join("+", local.{l})}}"',
            f'"[%{{ for s in local.{l} ~}} ${{s}} %{{~ endfor }}]"',
        ])
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  input = {value}\n}}')

    def heredoc(self):
        l = self.name("doc")
        items = self.words(1, 3)
        self.blocks.append(f'locals {{\n  {l} = {hcl(items)}\n}}')
        r = self.name("heredoc")
        if self.rng.random() < 0.5:
            body = f'''  input = <<-EOT
    name: {self.word()}
    items:
    %{{ for s in local.{l} ~}}
      - ${{s}}
    %{{ endfor ~}}
    count: ${{length(local.{l})}}
  EOT'''
        else:
            body = f'''  input = <<EOT
first line ${{upper(local.{l}[0])}}
  indented %{{ if length(local.{l}) > 1 }}yes%{{ else }}no%{{ endif }}
EOT'''
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n{body}\n}}')

    FUNCTIONS = [
        'join("-", ["a", "b", "c"])', 'split(",", "a,b,,c")', 'format("%s=%d (%.2f)", "x", 3, 2.5)',
        'formatlist("%s!", ["a", "b"])', 'lower("MiXeD")', 'upper("mixed")', 'title("hello world")',
        'replace("hello", "l", "L")', 'replace("a-b-c", "/-/", "_")', 'trimspace("  x  ")',
        'trim("xxhixx", "x")', 'trimprefix("prefix-body", "prefix-")', 'trimsuffix("body.tf", ".tf")',
        'chomp("line\\n")', 'substr("hello world", 1, 4)', 'startswith("terraform", "terra")',
        'endswith("terraform", "form")', 'strrev("abc")', 'regex("[a-z]+", "123abc456")',
        'regexall("[0-9]", "a1b2c3")', 'regex("(?P<k>[a-z]+)=(?P<v>[0-9]+)", "key=42")',
        'jsonencode({ a = 1, b = [true, "x"], c = null })', 'jsondecode("{\\"a\\": [1, 2], \\"b\\": \\"c\\"}")',
        'base64encode("hello")', 'base64decode("aGVsbG8=")', 'sha256("x")', 'md5("x")', 'sha1("x")',
        'sha512("x")', 'base64sha256("x")', 'base64sha512("x")', 'cidrsubnet("10.0.0.0/16", 8, 3)',
        'cidrhost("10.0.0.0/24", 5)', 'cidrnetmask("10.0.0.0/20")', 'cidrsubnets("10.0.0.0/16", 4, 4, 8)',
        'min(3, 1, 2)', 'max(3, 10, 2)', 'abs(-3)', 'ceil(1.2)', 'floor(1.8)', 'sum([1, 2, 3.5])',
        'merge({ a = 1 }, { b = 2, a = 3 })', 'concat(["a"], ["b", "c"])', 'lookup({ a = "x" }, "b", "y")',
        'keys({ b = 1, a = 2 })', 'values({ b = 1, a = 2 })', 'length("héllo")', 'index(["a", "b"], "b")',
        'element(["a", "b", "c"], 4)', 'flatten([["a"], [], ["b", ["c"]]])', 'distinct(["a", "b", "a"])',
        'zipmap(["a", "b"], [1, 2])', 'contains(["a", "b"], "c")', 'compact(["a", "", "b"])',
        'sort(["b", "C", "a"])', 'reverse([1, 2, 3])', 'range(1, 10, 3)', 'slice(["a", "b", "c", "d"], 1, 3)',
        'coalescelist([], ["a"])', 'one(["x"])', 'alltrue([true, 1 == 1])', 'anytrue([false])',
        'tolist(setunion(["a"], ["b", "a"]))', 'tostring(5)', 'tonumber("5.5")', 'tobool("true")',
        'coalesce("", "b")', 'indent(2, "a\\nb")', 'strcontains("hello", "ell")', 'urlencode("a b&c/d")',
        'basename("/a/b/c.txt")', 'dirname("/a/b/c.txt")', 'parseint("ff", 16)', 'pow(2, 10)',
        'signum(-5)', 'uuidv5("dns", "example.com")', 'chunklist(["a", "b", "c"], 2)',
        'transpose({ a = ["1", "2"], b = ["2"] })', 'matchkeys(["a", "b"], ["x", "y"], ["y"])',
        'csvdecode("a,b\\n1,2")', 'timecmp("2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z")',
        'timeadd("2024-01-01T00:00:00Z", "90m")', 'yamlencode({ a = 1, b = ["x", "y"] })',
        'yamldecode("a: 1\\nb: [x, y]\\nc: {d: true}")', 'try(tonumber("x"), "fallback")',
        'can(regex("^a", "abc"))', 'setproduct(["a"], ["x", "y"])', 'tomap({ a = "1", b = "2" })',
        'tolist(["a", 1])', 'length(setintersection(["a", "b"], ["b"]))', 'format("%5s|%-4d|%x", "ab", 7, 255)',
        'jsonencode("a<b>&c")', 'upper(join("", [for c in ["x", "y"] : c]))', 'cidrsubnet("fd00::/56", 8, 2)',
        '"${1 + 2 * 3}-${10 % 4}-${7 / 2}"', '!true || (3 >= 2 && "a" != "b")', '-(5 - 8)',
        'split("", "abc")', 'format("%08.3f", 3.14159)', 'format("%t %v", true, [1])',
    ]

    def functions(self):
        r = self.name("fn")
        calls = self.rng.sample(self.FUNCTIONS, self.rng.randint(3, 8))
        lines = "\n".join(f"    f{i} = {call}" for i, call in enumerate(calls))
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  input = {{\n{lines}\n  }}\n}}')

    def references(self):
        a = self.name("base")
        self.blocks.append(f'''resource "terraform_data" "{a}" {{
  input = {{ size = {self.rng.randint(1, 9)}, name = "{self.word()}", list = {hcl(self.words(1, 3))} }}
}}''')
        choices = [
            f'terraform_data.{a}.input.size + 1',
            f'terraform_data.{a}.output.name',
            f'{{ size = terraform_data.{a}.input.size * 10, first = terraform_data.{a}.input.list[0] }}',
            f'"${{terraform_data.{a}.input.name}}-${{terraform_data.{a}.id}}"',
            f'terraform_data.{a}.output',
        ]
        for value in self.rng.sample(choices, self.rng.randint(1, 3)):
            self.blocks.append(f'resource "terraform_data" "{self.name("ref")}" {{\n  input = {value}\n}}')

    def module(self, folder=None):
        folder = folder or self.name("mod")
        self.modules[folder] = f'''variable "name" {{
  type = string
}}

variable "replicas" {{
  type    = number
  default = 1
}}

variable "labels" {{
  type    = map(string)
  default = {{}}
}}

locals {{
  prefix = "${{var.name}}-svc"
}}

resource "terraform_data" "this" {{
  count = var.replicas
  input = {{ name = "${{local.prefix}}-${{count.index}}", labels = var.labels }}
}}

output "names" {{
  value = terraform_data.this[*].input.name
}}

output "first_id" {{
  value = length(terraform_data.this) > 0 ? terraform_data.this[0].id : ""
}}
'''
        m = self.name("m")
        if self.rng.random() < 0.5:
            self.blocks.append(f'''module "{m}" {{
  source   = "./modules/{folder}"
  name     = "{self.word()}"
  replicas = {self.rng.randint(0, 3)}
  labels   = {{ env = "{self.word()}" }}
}}''')
            ref = f"module.{m}.names"
        else:
            keys = self.words(1, 3)
            self.blocks.append(f'''module "{m}" {{
  source   = "./modules/{folder}"
  for_each = toset({hcl(keys)})
  name     = each.key
  replicas = length(each.key) % 3
}}''')
            ref = f'flatten([for k, m in module.{m} : m.names])'
        self.blocks.append(f'resource "terraform_data" "{self.name("uses")}" {{\n  input = {ref}\n}}')

    def moved(self):
        kind = self.rng.randrange(3)
        value = hcl(self.literal())
        if kind == 0:
            old, new = self.name("old"), self.name("new")
            self.before.append((len(self.blocks), f'resource "terraform_data" "{old}" {{\n  input = {value}\n}}'))
            self.blocks.append(f'resource "terraform_data" "{new}" {{\n  input = {value}\n}}\n\nmoved {{\n  from = terraform_data.{old}\n  to   = terraform_data.{new}\n}}')
        elif kind == 1:
            r = self.name("keyed")
            keys = self.words(1, 3)
            self.before.append((len(self.blocks), f'resource "terraform_data" "{r}" {{\n  count = {len(keys)}\n  input = {hcl(keys)}[count.index]\n}}'))
            moves = "\n\n".join(f'moved {{\n  from = terraform_data.{r}[{i}]\n  to   = terraform_data.{r}["{k}"]\n}}' for i, k in enumerate(keys))
            self.blocks.append(f'resource "terraform_data" "{r}" {{\n  for_each = toset({hcl(keys)})\n  input    = each.key\n}}\n\n{moves}')
        else:
            folder = self.name("mod")
            old, new = self.name("oldm"), self.name("newm")
            self.module(folder)
            source = f'source = "./modules/{folder}"\n  name   = "{self.word()}"'
            self.before.append((len(self.blocks), f'module "{old}" {{\n  {source}\n}}'))
            self.blocks.append(f'module "{new}" {{\n  {source}\n}}\n\nmoved {{\n  from = module.{old}\n  to   = module.{new}\n}}')

    def ignored(self):
        r = self.name("ignored")
        what = self.rng.choice(["[input]", "[triggers_replace]", "all", "[input, triggers_replace]"])
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  input            = {hcl(self.literal())}
  triggers_replace = [{hcl(self.word())}]
  lifecycle {{
    ignore_changes = {what}
  }}
}}''')

    def sensitive(self):
        v = self.name("secret")
        self.blocks.append(f'variable "{v}" {{\n  type      = string\n  sensitive = true\n  default   = "{self.word()}"\n}}')
        if self.rng.random() < 0.5:
            self.tfvars.append(f'{v} = "s3cr3t-{self.rng.randint(1, 99)}"')
        r = self.name("secure")
        value = self.rng.choice([
            f'{{ token = var.{v}, user = "{self.word()}" }}',
            f'[var.{v}, "{self.word()}"]',
            f'sensitive({{ a = {self.rng.randint(1, 9)}, b = "{self.word()}" }})',
        ])
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  input            = {{ user = "{self.word()}", length = length(var.{v}) }}
  triggers_replace = {value}
}}''')

    def triggers(self):
        l = self.name("trig")
        self.blocks.append(f'locals {{\n  {l} = {hcl(self.literal())}\n}}')
        r = self.name("trig")
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  input            = local.{l}
  triggers_replace = {{ v = local.{l}, n = {self.rng.randint(1, 9)} }}
}}''')

    def special_keys(self):
        r = self.name("keyed")
        keys = self.rng.sample(["a b", "x/y", "tab\tkey", "${dollar}", 'quote"d', "ünï", "%{pct}",
                                "back\\slash", "dot.ted", "new\nline"], self.rng.randint(1, 3))
        value = self.rng.choice(['each.key', '{ key = each.key, n = length(each.key) }',
                                 '"<${each.key}>"'])
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  for_each = toset({hcl(keys)})\n  input    = {value}\n}}')
        if self.rng.random() < 0.5:
            self.blocks.append(f'resource "terraform_data" "{self.name("keys")}" {{\n  input = sort(keys(terraform_data.{r}))\n}}')

    def nested_modules(self):
        inner, outer = self.name("inner"), self.name("outer")
        self.modules[inner] = """variable "items" {
  type = map(object({ size = optional(number, 1), tags = optional(list(string), []) }))
}

resource "terraform_data" "item" {
  for_each = var.items
  input    = { key = each.key, size = each.value.size, tags = each.value.tags }
}

output "sizes" {
  value = { for k, v in terraform_data.item : k => v.input.size }
}

output "secret" {
  value     = sensitive(join(",", keys(var.items)))
  sensitive = true
}
"""
        self.modules[outer] = """variable "prefix" {
  type = string
}

variable "count_of" {
  type    = number
  default = 2
}

module "items" {
  source = "../INNER"
  items  = { for i in range(var.count_of) : "${var.prefix}-${i}" => { size = i + 1 } }
}

resource "terraform_data" "sum" {
  input = { total = sum(concat([0], values(module.items.sizes))), prefix = var.prefix }
}

output "sizes" {
  value = module.items.sizes
}
""".replace("INNER", inner)
        m = self.name("nest")
        self.blocks.append(f'module "{m}" {{\n  source   = "./modules/{outer}"\n  prefix   = "{self.word()}"\n  count_of = {self.rng.randint(0, 3)}\n}}')
        r = self.name("sizes")
        if self.rng.random() < 0.5:
            self.blocks.append(f'resource "terraform_data" "{r}" {{\n  for_each = module.{m}.sizes\n  input    = each.value * 100\n}}')
        else:
            self.blocks.append(f'resource "terraform_data" "{r}" {{\n  input = module.{m}.sizes\n}}')

    NUMBERS = ['5 / 2', 'floor(7 / 2)', '10 % 3', '-7 % 3', '1e3', '0.5 * 4', 'max(1.5, 2)',
               'parseint("-101", 2)', 'tostring(1.5)', '"${2.50}"', '"${3 * 1.5}"', '2 - 0.25',
               'ceil(-1.5)', 'abs(-0.75)', 'min(-1, -2.5)', '1024 / 1024', 'pow(3, 3)', '100 / 8',
               'signum(0)', 'tonumber("1e2")', 'floor(-0.5)',
               'format("%d", 42)', 'format("%.1f", 0.25)', 'format("%e", 1500)', 'format("%g", 0.5)',
               '5 == 5.0', '"5" == 5', 'sum([0.5, 0.25])', 'range(3)[2] * 1.5']

    STRINGS = ['upper("éclair")', 'lower("ÀB")', 'length("e\\u0301")', 'strrev("héllo")',
               'title("élan vital")', 'substr("héllo", 1, 3)', 'format("%q", "a&b<c>")',
               'jsonencode("<a&b>")', 'jsonencode({ "k<" = "v>" })', 'replace("a1b22", "/([0-9]+)/", "<$1>")',
               'regexall("(a)(b)?", "abaab")', 'split("-", "")', 'join(",", [])', 'trimspace("\\t x\\n")',
               'format("%-6s|%6s", "ab", "cd")', 'format("%5.2f%%", 12.375)', 'formatlist("%s=%s", ["a", "b"], "x")',
               'indent(4, "one\\ntwo\\n")', 'chomp("a\\r\\n\\n")', 'trim("  -a-  ", " -")', 'urlencode("ü é/?")',
               'base64encode("ünï")', 'md5("ünï")', '"tab\\there"', '"\\u00e9\\U0001F600"', 'sha1("")',
               'replace("aaa", "a", "$$")', 'regex("^(?:v)?([0-9]+)\\\\.([0-9]+)", "v1.22")', 'lower(title("ab cd"))',
               'startswith("", "")', 'strcontains("ABC", "b")', 'substr("abc", -2, -1)', 'substr("abc", 1, 10)',
               'split(",", "a,,b")[1]', 'format("%s", true)', 'format("%v|%v", "x", [1, "a"])',
               'csvdecode("a,b\\n\\"x,y\\",2\\n")', 'yamlencode(["a", 1, true, null, { b = "c d" }])',
               'yamlencode({ "multi" = "line\\nbreak", "y" = "y", "n" = 1.5 })', 'jsonencode(1.5e10)',
               'jsondecode("[1, 2.5, \\"x\\", null, {\\"y\\": false}]")', 'cidrsubnets("10.1.0.0/16", 2, 3, 4)',
               'cidrhost("192.168.0.0/30", -1)', 'cidrsubnet("2001:db8::/32", 16, 5)', 'cidrnetmask("172.16.0.0/12")']

    COLLECTIONS = ['setproduct(["a", "b"], [1, 2])', 'flatten([[[1]], [2, [3, [4]]]])',
                   '{ for k, v in { a = 1, b = 2, c = 3 } : k => v if v != 2 }',
                   '[for i, v in ["x", "y"] : { i = i, v = v }]', 'keys({ b = 1, a = "x" })',
                   'lookup({ a = { b = 1 } }, "a", {}).b', 'merge({ a = 1 }, { b = "x" }, { c = [true] })',
                   'concat([1, "a"], [true])', 'contains(toset(["a"]), "a")', 'distinct([1, 2, 1, "1"])',
                   'sort(["10", "9", "1"])', 'reverse(["a", 1])', 'zipmap(["b", "a"], [[1], [2, 3]])',
                   'transpose({ x = ["a", "b"], y = ["b"] })', 'chunklist(range(5), 2)', 'slice(range(10), 2, 5)',
                   'matchkeys(["i", "j", "k"], [1, 2, 1], [1])', 'values({ z = 1, a = 2 })',
                   'tolist(toset(["b", "a", "b"]))', 'length({ a = 1 })', 'one([])', 'coalescelist([], [], [1])',
                   'compact(["", "a", ""])', 'alltrue([])', 'anytrue([])', 'sum([1])',
                   'index(["a", "b", "a"], "a")', 'element(["a", "b"], 3)', 'try({ a = 1 }.b, "none")',
                   'can(tonumber("x"))', 'try(tonumber("12"), 0)', '[for s in ["a", "bb"] : s if length(s) > 1]',
                   '{ for s in ["ab", "ac", "b"] : substr(s, 0, 1) => s... }', 'setunion(["b"], ["a"])',
                   'setsubtract(["a", "b", "c"], ["b"])', 'setintersection(["a", "b"], ["b", "c"])',
                   '[["a", "b"], ["c"]][*][0]', 'tomap({ a = 1, b = 2 })', 'tolist([])', 'toset([])',
                   'merge([{ a = 1 }, { b = 2 }]...)', 'concat([[1], [2, 3]]...)', 'min([3, 1, 2]...)',
                   '{ a = 1, b = 2 }["b"]', '[1, 2, 3][1]', 'length(null == null ? [1] : [])',
                   'true ? "yes" : "no"', 'false ? 1 : 2.5', '"%{ if true }a%{ endif }%{ if false }b%{ endif }"']

    def expressions(self):
        r = self.name("expr")
        pool = self.rng.choice([self.NUMBERS, self.STRINGS, self.COLLECTIONS])
        calls = self.rng.sample(pool, self.rng.randint(3, 7))
        lines = "\n".join(f"    e{i} = {call}" for i, call in enumerate(calls))
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  input = {{\n{lines}\n  }}\n}}')

    def splat_for_each(self):
        a = self.name("pool")
        keys = self.words(1, 3)
        self.blocks.append(f'resource "terraform_data" "{a}" {{\n  for_each = {{ for i, k in {hcl(keys)} : k => i }}\n  input    = {{ name = each.key, rank = each.value }}\n}}')
        value = self.rng.choice([
            f'values(terraform_data.{a})[*].input.name',
            f'[for k, r in terraform_data.{a} : "${{k}}:${{r.input.rank}}"]',
            f'{{ for k, r in terraform_data.{a} : k => r.input.rank * 2 }}',
            f'length(terraform_data.{a})',
            f'[for r in values(terraform_data.{a}) : r.output.name]',
        ])
        self.blocks.append(f'resource "terraform_data" "{self.name("agg")}" {{\n  input = {value}\n}}')

    def nullables(self):
        v = self.name("opt")
        self.blocks.append(f"""variable "{v}" {{
  type = object({{
    a = optional(string)
    b = optional(list(number), [1, 2])
    c = optional(object({{ d = optional(bool, true), e = optional(string, "e") }}))
  }})
  default  = {{}}
  nullable = false
  validation {{
    condition     = var.{v}.a == null || length(coalesce(var.{v}.a, "x")) > 0
    error_message = "a must not be empty."
  }}
}}""")
        if self.rng.random() < 0.6:
            value = self.rng.choice(['{ a = "set" }', '{ c = {} }', '{ b = [], c = { d = false } }', 'null'])
            self.tfvars.append(f"{v} = {value}")
        r = self.name("nulls")
        value = self.rng.choice([
            f'var.{v}',
            f'{{ a = var.{v}.a == null ? "unset" : var.{v}.a, b = length(var.{v}.b), c = var.{v}.c != null }}',
            f'{{ for k, x in var.{v} : k => x if x != null }}',
        ])
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  input = {value}\n}}')

    def moved_module_keys(self):
        folder = self.name("mod")
        self.module(folder)
        keys = self.words(1, 2)
        old, new = self.name("oldk"), self.name("newk")
        source = f'source   = "./modules/{folder}"\n  for_each = toset({hcl(keys)})\n  name     = each.key'
        self.before.append((len(self.blocks), f'module "{old}" {{\n  {source}\n}}'))
        moves = "\n\n".join(f'moved {{\n  from = module.{old}["{k}"]\n  to   = module.{new}["{k}"]\n}}' for k in keys)
        self.blocks.append(f'module "{new}" {{\n  {source}\n}}\n\n{moves}')

    CONVERSIONS = [
        ('string', '5'), ('string', 'true'), ('number', '"7"'), ('number', '"2.5"'), ('bool', '"false"'),
        ('list(string)', '[1, true, "x"]'), ('list(number)', '["1", 2]'), ('map(string)', '{ a = 1, b = true }'),
        ('map(number)', '{ a = "3" }'), ('list(any)', '[1, "a"]'), ('map(any)', '{ a = 1, b = "x" }'),
        ('object({ a = number, b = optional(string) })', '{ a = "4", c = "dropped" }'),
        ('tuple([string, number])', '[1, "2"]'), ('list(object({ n = optional(number, 0), s = string }))', '[{ s = 1 }, { s = "x", n = "5" }]'),
        ('any', '{ a = [1, "x"], b = { c = true } }'), ('map(list(string))', '{ a = [1], b = [] }'),
        ('object({ m = map(string) })', '{ m = { k = 10 } }'),
    ]

    CONDITIONALS = ['true ? 1 : "x"', 'false ? "x" : 1', 'true ? [1] : ["a"]', 'false ? {} : { a = 1 }',
                    'true ? null : "s"', 'false ? 1.5 : 2', '1 == 1 ? true : "no"',
                    'true ? { a = 1 } : { a = 2 }', 'length([]) > 0 ? "some" : "none"',
                    '[for x in [1, "a"] : x]', '{ for k, v in { a = 1, b = "x" } : k => v }',
                    'coalesce(1, "a")', 'tomap({ a = 1, b = "x" })', 'merge({ a = 1 }, { a = "x" })',
                    'tolist([1, "a"])', 'toset([1, "a"]) == toset(["1", "a"])', 'concat([1], ["a"])',
                    '[1, "a"] == ["1", "a"]', 'tostring(null)', 'try(1 + "x", "bad")']

    def conversions(self):
        chosen = self.rng.sample(self.CONVERSIONS, self.rng.randint(1, 3))
        refs = []
        for ctype, value in chosen:
            v = self.name("conv")
            if self.rng.random() < 0.5:
                self.blocks.append(f'variable "{v}" {{\n  type    = {ctype}\n  default = {value}\n}}')
            else:
                self.blocks.append(f'variable "{v}" {{\n  type = {ctype}\n}}')
                self.tfvars.append(f"{v} = {value}")
            refs.append(f"var.{v}")
        exprs = self.rng.sample(self.CONDITIONALS, self.rng.randint(0, 3))
        lines = "\n".join(f"    v{i} = {ref}" for i, ref in enumerate(refs))
        lines += "".join(f"\n    c{i} = {e}" for i, e in enumerate(exprs))
        self.blocks.append(f'resource "terraform_data" "{self.name("conv")}" {{\n  input = {{\n{lines}\n  }}\n}}')

    def resource_for_each(self):
        a = self.name("src")
        keys = self.words(1, 3)
        self.blocks.append(f'resource "terraform_data" "{a}" {{\n  input = {{ {", ".join(f"{k} = {i}" for i, k in enumerate(keys))} }}\n}}')
        b = self.name("fan")
        self.blocks.append(f'resource "terraform_data" "{b}" {{\n  for_each = terraform_data.{a}.input\n  input    = "${{each.key}}=${{each.value}}"\n}}')
        c = self.name("fan")
        self.blocks.append(f'resource "terraform_data" "{c}" {{\n  count = length(terraform_data.{a}.input)\n  input = {{ i = count.index, via = local.{a}_view }}\n}}')
        self.blocks.append(f'locals {{\n  {a}_view = [for k, v in terraform_data.{a}.input : upper(k)]\n}}')
        if self.rng.random() < 0.5:
            d = self.name("chain")
            self.blocks.append(f'resource "terraform_data" "{d}" {{\n  input = [for k, r in terraform_data.{b} : r.input]\n  lifecycle {{\n    replace_triggered_by = [terraform_data.{a}]\n  }}\n}}')

    def escapes(self):
        r = self.name("esc")
        value = self.rng.choice([
            '"literal $${not} and %%{not}"', '"a\\\\b \\"q\\" \\u0041"',
            '<<-EOT\n    keep $${this}\n      indented\n    %{ for i in [1, 2] ~}\n    item ${i}\n    %{ endfor ~}\n    tail\n  EOT',
            '<<EOT\n  spaces\tand tab\nEOT', '"${"nested ${"deep"}"}"', '"%{ for k, v in { b = 2, a = 1 } }${k}${v};%{ endfor }"',
            '"%{ if true ~} x %{~ endif }|"', '"x${""}y"', 'join("\\n", ["a", "b"])',
        ])
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  input = {value}\n}}')

    def flattened(self):
        v = self.name("nets")
        nets = {w: {"cidrs": [f"10.{i}.{j}.0/24" for j in range(self.rng.randint(1, 2))]} for i, w in enumerate(self.words(1, 3))}
        self.blocks.append(f'variable "{v}" {{\n  type = map(object({{ cidrs = list(string), public = optional(bool, false) }}))\n  default = {hcl(nets)}\n}}')
        self.blocks.append(f'''locals {{
  {v}_flat = flatten([
    for name, net in var.{v} : [
      for index, cidr in net.cidrs : {{
        key    = "${{name}}-${{index}}"
        cidr   = cidr
        public = net.public
        hosts  = cidrhost(cidr, 10)
      }}
    ]
  ])
}}''')
        r = self.name("subnet")
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  for_each = {{ for s in local.{v}_flat : s.key => s }}\n  input    = each.value\n}}')
        if self.rng.random() < 0.5:
            self.blocks.append(f'resource "terraform_data" "{self.name("route")}" {{\n  input = {{ for k, s in terraform_data.{r} : k => s.input.cidr if !s.input.public }}\n  depends_on = [terraform_data.{r}]\n}}')

    def counted_module(self):
        folder = self.name("mod")
        self.module(folder)
        m = self.name("cm")
        n = self.rng.randint(0, 2)
        self.blocks.append(f'module "{m}" {{\n  source   = "./modules/{folder}"\n  count    = {n}\n  name     = "{self.word()}-${{count.index}}"\n  replicas = count.index + 1\n}}')
        self.blocks.append(f'resource "terraform_data" "{self.name("cmu")}" {{\n  input = {{ all = module.{m}[*].names, first = length(module.{m}) > 0 ? module.{m}[0].names : [] }}\n}}')

    def module_from_resource(self):
        folder = self.name("mod")
        self.module(folder)
        a = self.name("seed")
        self.blocks.append(f'resource "terraform_data" "{a}" {{\n  input = "{self.word()}"\n}}')
        m = self.name("fed")
        via = self.rng.choice(["input", "output"])
        self.blocks.append(f'module "{m}" {{\n  source = "./modules/{folder}"\n  name   = terraform_data.{a}.{via}\n  labels = {{ from = terraform_data.{a}.{via} }}\n}}')

    def extra_blocks(self):
        r = self.name("checked")
        self.blocks.append('terraform {\n  required_version = ">= 1.5.0"\n}')
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  input = {{ port = 8080 }}
  lifecycle {{
    postcondition {{
      condition     = self.input.port > 1024
      error_message = "Port must be unprivileged."
    }}
    create_before_destroy = true
  }}
}}

check "{r}_port" {{
  assert {{
    condition     = terraform_data.{r}.input.port == 8080
    error_message = "Port moved."
  }}
}}

output "{r}_port" {{
  value       = terraform_data.{r}.input.port
  description = "The port."
}}''')

    def paths_and_splats(self):
        v = self.name("one")
        value = self.rng.choice(['{ name = "solo" }', 'null'])
        self.blocks.append(f'variable "{v}" {{\n  type    = object({{ name = string }})\n  default = {value}\n}}')
        r = self.name("paths")
        self.blocks.append(f'''resource "terraform_data" "{r}" {{
  input = {{
    module    = path.module
    root      = path.root
    workspace = terraform.workspace
    splat     = var.{v}[*]
    names     = [for o in var.{v}[*] : o.name]
    each_set  = [for k in toset(["b", "a"]) : k]
  }}
}}''')
        s = self.name("setvals")
        self.blocks.append(f'resource "terraform_data" "{s}" {{\n  for_each = toset({hcl(self.words(1, 3))})\n  input    = {{ key = each.key, value = each.value, same = each.key == each.value }}\n}}')

    def secrets_flow(self):
        v = self.name("pw")
        self.blocks.append(f'variable "{v}" {{\n  type      = string\n  sensitive = true\n  default   = "{self.word()}-{self.rng.randint(1, 99)}"\n}}')
        folder = self.name("vault")
        self.modules[folder] = """variable "secret" {
  type      = string
  sensitive = true
}

resource "terraform_data" "stored" {
  triggers_replace = { secret = var.secret, kind = "password" }
}

output "secret" {
  value     = var.secret
  sensitive = true
}

output "length" {
  value = nonsensitive(length(var.secret))
}
"""
        m = self.name("vault")
        self.blocks.append(f'module "{m}" {{\n  source = "./modules/{folder}"\n  secret = var.{v}\n}}')
        r = self.name("consumer")
        value = self.rng.choice([
            f'{{ url = "https://user:${{module.{m}.secret}}@host", length = module.{m}.length }}',
            f'{{ pw = module.{m}.secret, plain = nonsensitive(upper(var.{v})) }}',
            f'[module.{m}.length, "x"]',
            f'{{ hidden = sensitive("{self.word()}"), open = "{self.word()}" }}',
        ])
        self.blocks.append(f'resource "terraform_data" "{r}" {{\n  input = {value}\n}}')

    SYNTAX = [
        '{ "quoted key" = 1, plain: 2, (local.SYN_k) = 3 }', '[1, 2, 3,]', '{ a = 1, }',
        'local.SYN_l.0', 'local.SYN_objs.*.n', 'local.SYN_objs[*].n', '(1 + 2) * 3 - -1',
        '!false && !(1 > 2)', '2 * 3 % 4 + 10 / 4', '"a" == "a" ? "eq" : "ne"',
        '/* block */ 5 // trailing', 'local.SYN_l[length(local.SYN_l) - 1]', '{ for k, v in local.SYN_m : v => k }',
        '[for o in local.SYN_objs : o.n if o.n > 1]', 'local.SYN_m["a"]', 'local.SYN_m.a',
        '"\\\\ \\" \\n \\t \\u00e9"', '<<-EOT\n      a\n    b\n  EOT', '[\n    1,\n    2\n  ]',
        '1.5e1', '0.000001', '-0', '100000000', 'local.SYN_objs[0]["n"]',
    ]

    def syntax(self):
        p = self.name("syn")
        self.blocks.append(f'''# a comment
// another
locals {{
  /* multi
     line */
  {p}_k    = "computed"
  {p}_l    = ["x", "y", "z"]
  {p}_m    = {{ a = "1", b = "2" }}
  {p}_objs = [{{ n = 1 }}, {{ n = 2 }}, {{ n = 3 }}]
}}''')
        chosen = self.rng.sample(self.SYNTAX, self.rng.randint(3, 7))
        lines = "\n".join(f"    s{i} = {e.replace('SYN', p)}" for i, e in enumerate(chosen))
        self.blocks.append(f'resource "terraform_data" "{self.name("syntax")}" {{\n  input = {{\n{lines}\n  }}\n}}')

    def tfvars_files(self):
        v = self.name("layer")
        self.blocks.append(f'variable "{v}" {{\n  type    = object({{ a = string, b = optional(number, 0) }})\n  default = {{ a = "default" }}\n}}')
        w = self.name("tier")
        self.blocks.append(f'variable "{w}" {{\n  type    = string\n  default = "default"\n}}')
        layers = self.rng.sample(["tfvars", "auto", "autojson", "json"], self.rng.randint(1, 3))
        for layer in layers:
            value = {"a": f"from-{layer}", "b": self.rng.randint(1, 9)}
            if layer == "tfvars":
                self.tfvars.append(f"{v} = {hcl(value)}\n{w} = \"{layer}\"")
            elif layer == "auto":
                self.extra[f"b{self.count}.auto.tfvars"] = f"{v} = {hcl(value)}\n{w} = \"{layer}\"\n"
            elif layer == "autojson":
                self.extra[f"a{self.count}.auto.tfvars.json"] = json.dumps({v: value}) + "\n"
            else:
                self.extra["terraform.tfvars.json"] = json.dumps({v: value, w: layer}) + "\n"
        self.blocks.append(f'resource "terraform_data" "{self.name("layered")}" {{\n  input = {{ layer = var.{v}, tier = var.{w} }}\n}}')

    FEATURES = ["typed_variable", "counted", "for_each_map", "for_each_set", "conditional",
                "for_expressions", "splat", "template", "heredoc", "functions", "references",
                "module", "moved", "ignored", "sensitive", "triggers", "special_keys",
                "nested_modules", "expressions", "expressions", "splat_for_each", "nullables",
                "moved_module_keys", "conversions", "conversions", "resource_for_each", "escapes",
                "flattened", "counted_module", "module_from_resource", "extra_blocks",
                "paths_and_splats", "secrets_flow", "secrets_flow", "syntax", "syntax", "tfvars_files"]

    def generate(self):
        chosen = self.rng.sample(self.FEATURES, self.rng.randint(2, 5))
        for feature in chosen:
            getattr(self, feature)()
        self.features = chosen

    def files(self, before_move=False):
        blocks = list(self.blocks)
        if before_move:
            for index, text in self.before:
                blocks[index] = text
        files = {"main.tf": "\n\n".join(blocks) + "\n"}
        if self.tfvars:
            files["terraform.tfvars"] = "\n".join(self.tfvars) + "\n"
        files.update(self.extra)
        for folder, text in self.modules.items():
            files[f"modules/{folder}/main.tf"] = text
        return files


# Out-of-band edits of a pulled state (version 4), on attribute values with their cty types.

def leaves(value, ctype, path, out, under_set=False):
    """Pointers of the scalar leaves of value, not inside a set and not null."""
    kind = ctype[0] if isinstance(ctype, list) else ctype
    if isinstance(value, dict):
        for key, item in value.items():
            element = ctype[1][key] if kind == "object" else ctype[1] if kind == "map" else "dynamic"
            leaves(item, element, path + [key], out, under_set)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            element = ctype[1][index] if kind == "tuple" else ctype[1] if isinstance(ctype, list) else "dynamic"
            leaves(item, element, path + [index], out, under_set or kind == "set")
    elif value is not None and not under_set:
        out.append(path)


def containers(value, ctype, path, out):
    """Pointers of the objects and maps in value (not inside sets), for keys added or removed."""
    kind = ctype[0] if isinstance(ctype, list) else ctype
    if isinstance(value, dict) and kind in ("object", "map"):
        out.append(path)
        for key, item in value.items():
            containers(item, ctype[1][key] if kind == "object" else ctype[1], path + [key], out)
    elif isinstance(value, list) and kind in ("list", "tuple"):
        for index, item in enumerate(value):
            containers(item, ctype[1][index] if kind == "tuple" else ctype[1], path + [index], out)


def lister(value, ctype, path, out):
    """Pointers of the lists and tuples in value (not sets), for elements added or dropped."""
    kind = ctype[0] if isinstance(ctype, list) else ctype
    if isinstance(value, list) and kind in ("list", "tuple"):
        out.append(path)
        for index, item in enumerate(value):
            lister(item, ctype[1][index] if kind == "tuple" else ctype[1], path + [index], out)
    elif isinstance(value, dict) and kind in ("object", "map"):
        for key, item in value.items():
            lister(item, ctype[1][key] if kind == "object" else ctype[1], path + [key], out)


def private(attribute, path):
    """Whether the type at path is its own, not the element type of a list or map that other
    elements share (changing it there would make the state inconsistent)."""
    ctype = attribute["type"]
    for step in path:
        kind = ctype[0]
        if kind not in ("object", "tuple"):
            return False
        ctype = ctype[1][step]
    return True


def navigate(attribute, path):
    """The container of path's last step, in the value and in the type."""
    value, ctype = attribute["value"], attribute["type"]
    for step in path[:-1]:
        kind = ctype[0]
        value = value[step]
        ctype = ctype[1][step] if kind in ("object", "tuple") else ctype[1]
    return value, ctype


def changed(leaf):
    if isinstance(leaf, bool):
        return not leaf
    if isinstance(leaf, (int, float)):
        return leaf + 7
    return leaf + "-oob"


def edit_state(state, rng):
    """Edits state in place; returns descriptions of the edits."""
    edits = []
    wanted = rng.randint(1, 3)
    for _ in range(20):
        if len(edits) >= wanted:
            break
        managed = [r for r in state["resources"] if r["mode"] == "managed" and r["instances"]]
        if not managed:
            break
        resource = rng.choice(managed)
        instance = rng.choice(resource["instances"])
        address = ".".join(filter(None, [resource.get("module"), f'{resource["type"]}.{resource["name"]}']))
        key = instance.get("index_key")
        where = f"{address}[{json.dumps(key)}]" if key is not None else address
        attributes = instance["attributes"]
        op = rng.choice(["leaf", "leaf", "leaf", "add_key", "remove_key", "output", "delete", "ghost",
                         "retype", "stringify", "rekey", "append", "drop", "nullify", "fill", "id"])
        names = [n for n in ("input", "triggers_replace") if (attributes.get(n) or {}).get("value") is not None]
        if op == "output":
            op, names = "leaf", ["output"] if (attributes.get("output") or {}).get("value") is not None else []
        if op in ("leaf", "add_key", "remove_key", "retype", "stringify", "append", "drop", "nullify"):
            if not names:
                continue
            name = rng.choice(names)
            attribute = attributes[name]
        if op == "leaf":
            found = []
            leaves(attribute["value"], attribute["type"], [], found)
            if not found:
                continue
            path = rng.choice(found)
            if not path:
                attribute["value"] = changed(attribute["value"])
            else:
                container, _ = navigate(attribute, path)
                container[path[-1]] = changed(container[path[-1]])
            edits.append(f"{where} {name}{path}: changed")
        elif op in ("add_key", "remove_key"):
            found = []
            containers(attribute["value"], attribute["type"], [], found)
            value_of = lambda p: navigate_value(attribute, p)
            if op == "remove_key":
                found = [p for p in found if any(not is_empty(v) for v in value_of(p).values())]
            if not found:
                continue
            path = rng.choice(found)
            value, ctype = attribute["value"], attribute["type"]
            for step in path:
                kind = ctype[0]
                value = value[step]
                ctype = ctype[1][step] if kind in ("object", "tuple") else ctype[1]
            if ctype[0] == "object" and not private(attribute, path):
                continue
            if op == "add_key":
                if ctype[0] == "object":
                    value["oob"] = "added"
                    ctype[1]["oob"] = "string"
                elif ctype[1] == "string":
                    value["oob"] = "added"
                else:
                    continue
            else:
                victim = rng.choice(sorted(k for k, v in value.items() if not is_empty(v)))
                del value[victim]
                if ctype[0] == "object":
                    del ctype[1][victim]
            edits.append(f"{where} {name}{path}: {op}")
        elif op == "stringify":
            found = []
            leaves(attribute["value"], attribute["type"], [], found)
            found = [p for p in found if p and not isinstance(navigate_value(attribute, p), str)]
            if not found:
                continue
            path = rng.choice(found)
            container, ctype = navigate(attribute, path)
            if ctype[0] not in ("object", "tuple") or not private(attribute, path[:-1]):
                continue
            leaf = container[path[-1]]
            container[path[-1]] = json.dumps(leaf)
            ctype[1][path[-1]] = "string"
            edits.append(f"{where} {name}{path}: {json.dumps(leaf)} became a string")
        elif op == "rekey":
            if key is None:
                continue
            new_key = key + "2" if isinstance(key, str) else key + 5
            taken = {i.get("index_key") for i in resource["instances"]}
            if new_key in taken:
                continue
            instance["index_key"] = new_key
            edits.append(f"{where}: key became {json.dumps(new_key)}")
        elif op == "id":
            attributes["id"] = str(uuid.UUID(int=rng.getrandbits(128)))
            edits.append(f"{where} id: changed")
        elif op in ("append", "drop", "nullify"):
            found = []
            containers(attribute["value"], attribute["type"], [], found)
            lists = []
            lister(attribute["value"], attribute["type"], [], lists)
            if op == "nullify":
                candidates = []
                leaves(attribute["value"], attribute["type"], [], candidates)
                candidates = [p for p in candidates if p]
                if not candidates:
                    continue
                path = rng.choice(candidates)
                container, _ = navigate(attribute, path)
                container[path[-1]] = None
                edits.append(f"{where} {name}{path}: became null")
                continue
            lists = [p for p in lists if op == "append" or navigate_value(attribute, p)]
            if not lists:
                continue
            path = rng.choice(lists)
            value, ctype = attribute["value"], attribute["type"]
            for step in path:
                kind = ctype[0]
                value = value[step]
                ctype = ctype[1][step] if kind in ("object", "tuple") else ctype[1]
            if ctype[0] == "tuple" and not private(attribute, path):
                continue
            if op == "append":
                if ctype[0] == "tuple":
                    value.append("appended")
                    ctype[1].append("string")
                elif ctype[1] == "string":
                    value.append("appended")
                else:
                    continue
            else:
                value.pop()
                if ctype[0] == "tuple":
                    ctype[1].pop()
            edits.append(f"{where} {name}{path}: {op}")
        elif op == "fill":
            empty = [n for n in ("input", "triggers_replace") if (attributes.get(n) or {}).get("value") is None]
            if not empty:
                continue
            name = rng.choice(empty)
            attributes[name] = {"value": "oob", "type": "string"}
            edits.append(f"{where} {name}: was null, set")
        elif op == "retype":
            if attribute["type"] == "string":
                continue
            attributes[name] = {"value": "oob", "type": "string"}
            edits.append(f"{where} {name}: retyped to a string")
        elif op == "delete":
            resource["instances"].remove(instance)
            if not resource["instances"]:
                state["resources"].remove(resource)
            edits.append(f"{where}: deleted")
        elif op == "ghost":
            ghost = copy.deepcopy(resource)
            ghost["name"] = f"ghost{len(edits)}"
            if rng.random() < 0.5:
                ghost.pop("module", None)
            ghost["instances"] = [copy.deepcopy(instance)]
            ghost["instances"][0].pop("index_key", None)
            ghost["instances"][0]["attributes"]["id"] = str(uuid.UUID(int=rng.getrandbits(128)))
            ghost["instances"][0]["dependencies"] = []
            if not any(r["name"] == ghost["name"] and r.get("module") == ghost.get("module")
                       for r in state["resources"]):
                state["resources"].append(ghost)
                prefix = ghost["module"] + "." if ghost.get("module") else ""
                edits.append(f"{prefix}terraform_data.{ghost['name']}: created")
    return edits


def navigate_value(attribute, path):
    value = attribute["value"]
    for step in path:
        value = value[step]
    return value


# The truth: what the plan changes.

def pointer(path):
    return "/" + "/".join(str(s).replace("~", "~0").replace("/", "~1") for s in path) if path else ""


def is_empty(value):
    return value is None or value == "" or value == [] or value == {}


def diff(before, after, unknown, path, out):
    """Pointers where the live value (before) differs from the planned one (after), compared as
    git-drift states changes: objects by key, lists by index, unknown parts skipped."""
    if unknown is True:
        return
    if isinstance(after, dict) and isinstance(before, dict):
        for key, value in after.items():
            mask = unknown.get(key) if isinstance(unknown, dict) else None
            if key in before:
                diff(before[key], value, mask, path + [key], out)
            elif mask is not True and not is_empty(value):
                out.add(pointer(path + [key]))
        for key in before:
            mask = unknown.get(key) if isinstance(unknown, dict) else None
            if key not in after and mask is not True:
                out.add(pointer(path + [key]))
    elif isinstance(after, list) and isinstance(before, list):
        for index in range(max(len(after), len(before))):
            mask = unknown[index] if isinstance(unknown, list) and index < len(unknown) else None
            if index < len(after) and index < len(before):
                diff(before[index], after[index], mask, path + [index], out)
            elif mask is not True:
                out.add(pointer(path + [index]))
    elif after is None:
        return
    elif scalar_differs(before, after):
        out.add(pointer(path))


def scalar_differs(before, after):
    if isinstance(before, bool) or isinstance(after, bool):
        return before is not after
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        return before != after
    return type(before) is not type(after) or before != after


def sensitive_paths(marks, path, out):
    """The pointers that a plan's before_sensitive or after_sensitive marks true."""
    if marks is True:
        out.add(pointer(path))
    elif isinstance(marks, dict):
        for key, inner in marks.items():
            sensitive_paths(inner, path + [key], out)
    elif isinstance(marks, list):
        for index, inner in enumerate(marks):
            sensitive_paths(inner, path + [index], out)


def shortest_marked(path, marked):
    """path, or the shortest marked pointer it lies in."""
    for prefix in sorted(marked, key=len):
        if path == prefix or path.startswith(prefix + "/"):
            return prefix
    return path


def truth(plan):
    drifts, knock_ons = [], []
    for change in plan.get("resource_changes", []):
        if change.get("mode") != "managed":
            continue
        actions = change["change"]["actions"]
        address = change["address"]
        if actions == ["no-op"]:
            continue
        if actions == ["create"]:
            drifts.append({"address": address, "kind": "missing", "paths": []})
        elif actions == ["delete"]:
            drifts.append({"address": address, "kind": "unmanaged", "paths": []})
        else:
            before = change["change"]["before"] or {}
            after = change["change"]["after"] or {}
            unknown = change["change"].get("after_unknown") or {}
            paths = set()
            for key in set(before) | set(after):
                if key == "id" or unknown.get(key) is True:
                    continue
                diff(before.get(key), after.get(key), unknown.get(key), [key], paths)
            # A secret is one value: a change inside a value marked sensitive as a whole is a
            # change of that value, as terraform's plan shows it, "(sensitive value)".
            marked = set()
            for marks in (change["change"].get("before_sensitive"), change["change"].get("after_sensitive")):
                sensitive_paths(marks, [], marked)
            paths = {shortest_marked(p, marked) for p in paths}
            if paths:
                drifts.append({"address": address, "kind": "modified", "paths": sorted(paths)})
            else:
                knock_ons.append(address)
    return sorted(drifts, key=lambda d: d["address"]), sorted(knock_ons)


def terraform(args, folder):
    result = subprocess.run(["terraform"] + args + ["-no-color"], cwd=folder, env=ENV,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"terraform {' '.join(args)}: {result.stderr or result.stdout}")
    return result.stdout


def write(folder, files):
    for path, text in files.items():
        full = os.path.join(folder, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as handle:
            handle.write(text)


def run_case(seed):
    generator = Generator(seed)
    generator.generate()
    rng = random.Random(seed * 7919 + 1)
    clean = rng.random() < 0.3
    files = generator.files()
    folder = tempfile.mkdtemp(prefix=f"tfdiff-{seed}-")
    try:
        write(folder, generator.files(before_move=True))
        terraform(["init", "-input=false"], folder)
        terraform(["apply", "-auto-approve", "-input=false"], folder)
        if generator.before:
            shutil.rmtree(os.path.join(folder, "modules"), ignore_errors=True)
            os.remove(os.path.join(folder, "main.tf"))
            write(folder, files)
            terraform(["init", "-input=false"], folder)
        edits = []
        if not clean:
            state = json.loads(terraform(["state", "pull"], folder))
            edits = edit_state(state, rng)
            state["serial"] += 1
            with open(os.path.join(folder, "edited.tfstate"), "w") as handle:
                json.dump(state, handle)
            terraform(["state", "push", "edited.tfstate"], folder)
        terraform(["plan", "-refresh=false", "-input=false", "-out=plan"], folder)
        plan = json.loads(terraform(["show", "-json", "plan"], folder))
        drifts, knock_ons = truth(plan)
        snapshot = plan["prior_state"]
        return {
            "id": f"seed-{seed}", "seed": seed, "features": generator.features, "clean": clean,
            "edits": edits, "files": files, "drifts": drifts, "knockOns": knock_ons,
            "snapshot": snapshot,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=220)
    parser.add_argument("--seeds", help="comma-separated seeds instead of 1..count")
    parser.add_argument("--out", default=os.path.join(HERE, "cases.jsonl"))
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    seeds = [int(s) for s in options.seeds.split(",")] if options.seeds else range(1, options.count + 1)
    records, failures = [], []
    with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
        futures = {pool.submit(run_case, seed): seed for seed in seeds}
        for future in concurrent.futures.as_completed(futures):
            try:
                records.append(future.result())
            except Exception as error:  # a generated module terraform rejects is a generator bug
                failures.append((futures[future], str(error)))
    for seed, error in sorted(failures):
        print(f"seed {seed}: {error}", file=sys.stderr)
    records.sort(key=lambda r: r["seed"])
    text = "".join(json.dumps(r, sort_keys=True, separators=(",", ":")) + "\n" for r in records)
    if options.out == "-":
        sys.stdout.write(text)
    else:
        with open(options.out, "w") as handle:
            handle.write(text)
        clean = sum(r["clean"] for r in records)
        print(f"{len(records)} cases ({clean} clean), {len(failures)} failed", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
