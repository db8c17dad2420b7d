data "aws_caller_identity" "current" {}

resource "aws_iam_role" "deployer" {
  name = "deployer"

  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "deployer" {
  name = "deployer-s3"
  role = aws_iam_role.deployer.id

  /* The bucket list is rendered with a directive so that the JSON stays valid. */
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["s3:GetObject", "s3:PutObject"],
          "Resource": [
            %{~for index, bucket in var.buckets~}
            "arn:aws:s3:::${bucket}/*"%{if index < length(var.buckets) - 1},%{endif}
            %{~endfor~}
          ]
        }
      ]
    }
  POLICY
}

variable "buckets" {
  type    = list(string)
  default = ["artifacts", "logs"]
}

resource "aws_iam_policy" "read_only" {
  name = "read-only"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = [for bucket in var.buckets : "arn:aws:s3:::${bucket}/*"]
    }]
  })
}
