# A VPC with public subnets, and a security group whose rules come from a map.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "cidr_block" {
  type        = string
  default     = "10.20.0.0/16"
  description = "The address range of the VPC."
}

variable "availability_zones" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "ingress_rules" {
  type = map(object({
    port        = number
    protocol    = optional(string, "tcp")
    cidr_blocks = list(string)
  }))
  default = {
    https = { port = 443, cidr_blocks = ["0.0.0.0/0"] }
    ssh = {
      port        = 22
      cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"] // office ranges
    }
  }
}

locals {
  name = "drift-${terraform.workspace}"
  common_tags = {
    Environment = terraform.workspace == "default" ? "dev" : terraform.workspace
    ManagedBy   = "terraform"
    "cost:team" = "platform"
  }
  subnets = {
    for index, zone in var.availability_zones : zone => {
      public  = cidrsubnet(var.cidr_block, 8, index)
      private = cidrsubnet(var.cidr_block, 8, index + length(var.availability_zones))
    }
  }
  private_cidrs = [for zone, subnet in local.subnets : subnet.private if zone != "eu-west-1c"]
  rules_by_port = { for name, rule in var.ingress_rules : rule.port => name... }
}

resource "aws_vpc" "main" {
  cidr_block           = var.cidr_block
  enable_dns_hostnames = true
  enable_dns_support   = true

  tags = merge(local.common_tags, {
    Name = local.name
  })
}

resource "aws_subnet" "public" {
  for_each = local.subnets

  vpc_id                  = aws_vpc.main.id
  cidr_block              = each.value.public
  availability_zone       = each.key
  map_public_ip_on_launch = true

  tags = merge(local.common_tags, { Name = "${local.name}-public-${each.key}" })
}

resource "aws_security_group" "web" {
  name_prefix = "${local.name}-web-"
  description = "Web servers"
  vpc_id      = aws_vpc.main.id

  dynamic "ingress" {
    for_each = var.ingress_rules
    iterator = rule
    content {
      description = "Allow ${rule.key}"
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = rule.value.protocol
      cidr_blocks = rule.value.cidr_blocks
    }
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags["LastScanned"]]
  }
}

output "subnet_ids" {
  value = values(aws_subnet.public)[*].id
}

output "first_subnet_zone" {
  value = aws_subnet.public["eu-west-1a"].availability_zone
}
