# Declares what Tests/Fixtures/terraform/aws/show-state.json holds, the way a team would write
# it: provider defaults and computed attributes left out, rules in another order.
provider "aws" {
  region = "eu-west-1"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "correct-horse-battery-staple"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "artifacts" {
  bucket = "example-artifacts"
  tags = {
    Name = "artifacts"
  }
}

resource "aws_iam_policy" "deploy" {
  name        = "deploy"
  description = "Lets CI upload build artifacts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:GetObject"]
      Resource = "${aws_s3_bucket.artifacts.arn}/*"
    }]
  })
}

resource "aws_instance" "web" {
  count                  = 1
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = "subnet-0123456789abcdef0"
  vpc_security_group_ids = [module.network.security_group_id]

  root_block_device {
    volume_size = 8
    encrypted   = true
  }

  tags = {
    Name = "web-${count.index}"
    Team = "platform"
  }
}

module "network" {
  source      = "./modules/network"
  db_password = var.db_password
}
