variable "name" {
  type = string
}

variable "size" {
  type    = number
  default = 2
}

locals {
  full_name = "${var.name}-${var.size}"
}

resource "terraform_data" "this" {
  input = {
    name   = local.full_name
    size   = var.size
    folder = path.module
  }
}

moved {
  from = terraform_data.previous
  to   = terraform_data.this
}

output "summary" {
  value = local.full_name
}

output "size" {
  value = var.size
}
