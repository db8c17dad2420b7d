locals {
  arithmetic  = -1 + 2 * 3 - 10 / 5 % 3
  comparison  = 1 < 2 && 2 <= 3 || !(4 > 5) && 5 >= 5 == true != false
  nested      = ((1 + 2) * (3 - (4 / 2)))
  exponent    = 1.5e3 + 2E-2 + 0.25
  nothing     = null
  conditional = var.a == null ? "none" : var.a > 10 ? "big" : "small"
  splats      = aws_instance.web.*.private_ip
  full_splat  = aws_instance.web[*].network_interface[0].id
  calls = concat(
    ["a", "b"], # first list
    var.extra,  // second list
    /* third */ [],
  )
  expanded = max(var.numbers...)
  provider = provider::terraform::encode_tfvars({ a = 1 })
  objects = {
    plain      = 1
    "quoted"   = 2
    (var.key)  = 3
    "${var.p}" = 4
    colon : 5,
    comma = 6,
  }
  grouped = { for k, v in var.map : v => k... if k != "" }
  tuple   = [for i, v in var.list : "${i}=${v}"]
}

module "child" {
  source = "./child"
  count  = var.enabled ? 1 : 0

  providers = {
    aws = aws.west
  }
}

resource "terraform_data" "one_line" { input = "x" }

resource "terraform_data" "empty" {}
