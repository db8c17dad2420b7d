locals {
  name_prefix  = "${var.environment}-app"
  common_tags  = merge(var.tags, { environment = var.environment })
  ports        = [80, 443]
  settings     = { retention = 7, region = "eu-west-1" }
  zone_names   = [for z in var.zones : upper(z)]
  public_cidrs = { for name, subnet in var.subnets : name => subnet.cidr if subnet.public }
}

resource "terraform_data" "base" {
  input = {
    name  = local.name_prefix
    tags  = local.common_tags
    owner = var.owner
  }
}

resource "terraform_data" "counted" {
  count = var.instance_count
  input = "${local.name_prefix}-${count.index}"
}

resource "terraform_data" "by_map" {
  for_each = var.subnets
  input = {
    cidr   = each.value.cidr
    public = each.value.public
    key    = each.key
  }
}

resource "terraform_data" "by_set" {
  for_each = toset(var.zones)
  input    = "zone-${each.key}"
}

resource "terraform_data" "literal" {
  input = {
    retention = local.settings.retention
    region    = "eu-west-1"
    replicas  = var.replicas
    enabled   = true
    nothing   = null
    ports     = local.ports
    zone      = var.zones[0]
  }

  lifecycle {
    ignore_changes = [input["nothing"]]
  }
}

resource "terraform_data" "expressions" {
  input = {
    sum      = var.instance_count * 2 + 1
    ratio    = 7 / 2
    modulo   = 7 % 3
    negative = -var.replicas
    compare  = var.replicas >= 3 && !(var.environment == "prod")
    equal    = 1 == 1.0
    choice   = var.environment == "prod" ? "large" : "small"
    mixed    = true ? 5 : "x"
    joined   = join(",", local.zone_names)
    count    = length(var.zones)
    team     = lookup(var.tags, "team", "none")
    fallback = try(var.subnets["missing"].cidr, "fallback")
    can      = can(var.subnets["missing"].cidr)
    keys     = keys(var.subnets)
    public   = local.public_cidrs
    set      = toset(["b", "a", "b"])
    splat    = terraform_data.counted[*].output
    base     = terraform_data.base.output.name
    grouped  = { for z in ["a", "b", "a"] : z => z... }
    text     = "${upper(var.owner)} owns ${length(var.zones)} zones"
    escaped  = "literal $${not} %%{interpolated}"
  }
}

resource "terraform_data" "template" {
  input = <<-EOT
    %{ for index, zone in local.zone_names ~}
    zone ${index}: ${zone}
    %{ endfor ~}
    %{ if var.environment == "staging" }staging%{ else }other%{ endif }
  EOT
}

resource "terraform_data" "secret" {
  input = var.db_password
}

moved {
  from = terraform_data.old
  to   = terraform_data.base
}
