# Read only by the offline evaluator: these need providers and registries that the terraform
# test does not have, and it leaves this file out.

module "remote" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

resource "aws_security_group" "web" {
  name   = "web-${var.environment}"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
  }

  dynamic "ingress" {
    for_each = local.ports
    iterator = port
    content {
      from_port = port.value
      to_port   = port.value
      protocol  = "tcp"
    }
  }

  tags = {
    Name = "web"
    env  = var.environment
  }

  lifecycle {
    ignore_changes = [tags["Name"], description]
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  dns        = magic_function("x")
  subnet     = module.remote.subnet_id
  peer       = aws_security_group.web.id
  owner      = module.single.size

  lifecycle {
    ignore_changes = all
  }
}
